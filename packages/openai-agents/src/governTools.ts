import type { Runtime } from '@brane/core';
import { BraneError, ConfigurationError, describeValue } from '@brane/errors';
import { RunContext, type Tool } from '@openai/agents';
import type { GovernOptions } from './GovernOptions.js';
import { isGovernedTool, markGoverned } from './isGovernedTool.js';
import { requireRuntime } from './requireRuntime.js';
import type { AnyFunctionTool } from './sdkTypes.js';
import { ToolGovernor } from './ToolGovernor.js';

/** Options of {@link governTools}: per tool name, how it is governed; `capability.name` is per tool only. */
export interface GovernToolsOptions extends Omit<GovernOptions, 'capability'> {
  /** The capability options of each tool, by tool name (its risk, effect, scopes...). */
  readonly capabilities?: Readonly<Record<string, GovernOptions['capability']>> | undefined;
}

/**
 * Governs existing Agents SDK function tools (made with `tool()`, with any of its options): returns new
 * tools, in order, whose calls go through `runtime` as the capabilities `openai.<tool name>`, with the
 * same behaviour as {@link governedTool}. The originals are left as they are; use the returned tools.
 *
 * Policies see the arguments as the model sent them (parsed JSON): the tool's own schema validates them
 * after the policies, inside the original tool. A tool's own `needsApproval` still applies, after
 * Brane's. Hosted tools, computer, shell and MCP tools are not function tools and are refused, so that no
 * tool is left ungoverned by mistake.
 *
 * @example
 * const [lookup, refund] = governTools(runtime, [lookupTool, refundTool], {
 *   capabilities: { refund_customer: { risk: 'high', effect: { type: 'financial' } } },
 * });
 */
export function governTools<T extends Tool<never>>(
  runtime: Runtime,
  tools: readonly T[],
  options: GovernToolsOptions = {},
): T[] {
  const governing = requireRuntime(runtime, 'governTools');
  if (!Array.isArray(tools)) {
    throw new BraneError('INVALID_ARGUMENT', `governTools: expected an array of tools (got ${describeValue(tools)})`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new BraneError('INVALID_ARGUMENT', `governTools: expected options (got ${describeValue(options)})`);
  }
  const capabilities = options.capabilities ?? {};
  tools.forEach((candidate, index) => {
    const fn = candidate as Partial<AnyFunctionTool> | null;
    if (typeof fn !== 'object' || fn === null || fn.type !== 'function' || typeof fn.invoke !== 'function') {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `governTools: tool ${index} is not a function tool (got ${describeValue(candidate)}${typeof fn === 'object' && fn !== null && typeof fn.type === 'string' ? ` of type \`${fn.type}\`` : ''}); only function tools can be governed`,
      );
    }
    if (isGovernedTool(candidate)) {
      throw new ConfigurationError(
        'ALREADY_GOVERNED',
        `governTools: tool \`${String(fn.name)}\` is already governed by Brane`,
      );
    }
  });
  const unknown = Object.keys(capabilities).filter(
    (name) => !tools.some((candidate) => (candidate as AnyFunctionTool).name === name),
  );
  if (unknown.length > 0) {
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      `governTools: \`capabilities\` names ${unknown.map((name) => `\`${name}\``).join(', ')}, which is not among the tools`,
    );
  }
  return tools.map((original) =>
    governOne(governing, original as unknown as AnyFunctionTool, {
      capability: capabilities[(original as unknown as AnyFunctionTool).name],
      refusalMessage: options.refusalMessage,
      authorizeApprover: options.authorizeApprover,
      sessionId: options.sessionId,
    }),
  ) as unknown as T[];
}

function governOne(runtime: Runtime, original: AnyFunctionTool, options: GovernOptions): AnyFunctionTool {
  const governor = new ToolGovernor({
    runtime,
    toolName: original.name,
    description: original.description,
    parameters: original.parameters,
    capability: options.capability,
    refusalMessage: options.refusalMessage,
    authorizeApprover: options.authorizeApprover,
    sessionId: options.sessionId,
    declaredAt: `governTools(${original.name})`,
    body: async (input, runContext, details): Promise<unknown> =>
      (await original.invoke(runContext ?? new RunContext(), JSON.stringify(input), details)) as unknown,
  });
  return markGoverned({
    ...original,
    invoke: async (runContext, input, details) => governor.execute(parseArguments(input), runContext, details),
    needsApproval: async (runContext, input, callId) =>
      (await governor.needsApproval(runContext, input, callId)) ||
      (await original.needsApproval(runContext, input, callId)),
  } satisfies AnyFunctionTool);
}

/** The model's arguments as JSON data; text that is not JSON stays text, which no governed tool accepts. */
function parseArguments(input: string): unknown {
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return input;
  }
}
