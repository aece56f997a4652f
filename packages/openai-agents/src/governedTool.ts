import { generatorKind, type Runtime } from '@brane/core';
import { BraneError, ConfigurationError, describeValue } from '@brane/errors';
import {
  tool,
  type FunctionTool,
  type RunContext,
  type ToolExecuteArgument,
  type ToolInputParameters,
  type ToolOptions,
  type UnknownContext,
} from '@openai/agents';
import type { GovernOptions } from './GovernOptions.js';
import { markGoverned } from './isGovernedTool.js';
import { requireRuntime } from './requireRuntime.js';
import type { ToolCallDetails } from './sdkTypes.js';
import { ToolGovernor } from './ToolGovernor.js';

/** The options of {@link governedTool}: a function tool's, and how Brane governs it. */
export interface GovernedToolOptions<
  TParameters extends ToolInputParameters,
  Context = UnknownContext,
  Result = unknown,
> extends GovernOptions {
  /** The tool's name, as the model sees it; the capability is `openai.<name>` unless `capability.name` says otherwise. */
  readonly name: string;
  /** What the tool does, for the model. */
  readonly description: string;
  /** A Zod object, a Standard Schema or a JSON schema (`additionalProperties: false`) of the arguments. */
  readonly parameters: TParameters;
  /** Whether the model must follow the schema strictly. Default `true`, as in the SDK. */
  readonly strict?: boolean | undefined;
  /** The tool's code. It runs only when Brane allows the call, with the arguments as the policies left them. */
  readonly execute: (
    input: ToolExecuteArgument<TParameters>,
    runContext?: RunContext<Context>,
    details?: ToolCallDetails,
  ) => Result | Promise<Result>;
}

/**
 * Creates an Agents SDK function tool (with the SDK's `tool()`) whose calls are governed by `runtime` as
 * the capability `openai.<name>`. A deny becomes the tool's output for the model (the tool does not run,
 * the run continues); an `approval_required` decision becomes the SDK's `needsApproval` and an interruption
 * of the run, linked to a Brane approval request (see `approveInterruption` and `applyBraneApprovals`);
 * redactions and output transforms apply before the model sees the result.
 *
 * @example
 * const refund = governedTool(runtime, {
 *   name: 'refund_customer',
 *   description: 'Refunds a customer',
 *   parameters: z.object({ customerId: z.string(), amountUsd: z.number() }),
 *   capability: { risk: 'high', effect: { type: 'financial', reversible: false } },
 *   execute: ({ customerId, amountUsd }) => payments.refund(customerId, amountUsd),
 * });
 * const agent = new Agent({ name: 'support', tools: [refund] });
 */
export function governedTool<TParameters extends ToolInputParameters, Context = UnknownContext, Result = unknown>(
  runtime: Runtime,
  options: GovernedToolOptions<TParameters, Context, Result>,
): FunctionTool<Context, TParameters, Result> {
  const governing = requireRuntime(runtime, 'governedTool');
  if (typeof options !== 'object' || options === null) {
    throw new BraneError('INVALID_ARGUMENT', `governedTool: expected tool options (got ${describeValue(options)})`);
  }
  const { name, description, parameters, execute } = options;
  const declaredAt = `governedTool(${typeof name === 'string' ? name : '?'})`;
  const invalid = (message: string): ConfigurationError =>
    new ConfigurationError('INVALID_OPTIONS', `${declaredAt}: ${message}`);
  if (typeof name !== 'string' || name === '') throw invalid(`\`name\` must be a non-empty string`);
  if (typeof description !== 'string') throw invalid(`\`description\` must be a string`);
  if (typeof parameters !== 'object' || parameters === null) {
    throw invalid(`\`parameters\` must be a Zod object, a Standard Schema or a JSON schema`);
  }
  if (typeof execute !== 'function') throw invalid(`\`execute\` must be a function`);
  if (generatorKind(execute) !== undefined) {
    throw invalid(
      '`execute` is a generator, but the Agents SDK does not stream tool output: a function tool returns one result. Collect the chunks in `execute` and return them',
    );
  }
  if ('needsApproval' in options) {
    throw invalid('`needsApproval` is decided by Brane: return `Decision.requireApproval(...)` from a policy');
  }

  const governed: { governor?: ToolGovernor } = {};
  const created = tool({
    name,
    description,
    parameters,
    strict: options.strict ?? true,
    execute: (input: unknown, runContext?: RunContext, details?: ToolCallDetails) =>
      (governed.governor as ToolGovernor).execute(input, runContext, details),
    needsApproval: (runContext: RunContext, input: unknown, callId?: string) =>
      (governed.governor as ToolGovernor).needsApproval(runContext, input, callId),
  } as unknown as ToolOptions<TParameters, Context>) as unknown as FunctionTool<Context, TParameters, Result>;
  governed.governor = new ToolGovernor({
    runtime: governing,
    toolName: created.name,
    description,
    parameters: created.parameters,
    capability: options.capability,
    refusalMessage: options.refusalMessage,
    authorizeApprover: options.authorizeApprover,
    sessionId: options.sessionId,
    declaredAt,
    body: async (input, runContext, details) =>
      execute(input as ToolExecuteArgument<TParameters>, runContext as RunContext<Context> | undefined, details),
  });
  return markGoverned(created);
}
