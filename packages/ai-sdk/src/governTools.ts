import { generatorKind, type Runtime } from '@brane/core';
import { isPlainObject } from '@brane/decisions';
import { BraneError, describeValue } from '@brane/errors';
import type { Tool, ToolSet } from 'ai';
import { executeFor } from './executeFor.js';
import { inputKeysOf } from './inputKeysOf.js';
import type { GovernedTool } from './GovernedTool.js';
import {
  parseGovernToolsOptions,
  type GovernToolsOptions,
  type ParsedGovernToolsOptions,
} from './GovernToolsOptions.js';
import { modelOutputFor } from './modelOutputFor.js';
import { needsApprovalFor } from './needsApprovalFor.js';
import { requireRuntime } from './requireRuntime.js';
import { ToolGovernor } from './ToolGovernor.js';
import type { ToolExecute } from './toolCallScope.js';

/**
 * Governs the tools given to `generateText`, `streamText` (or an `Agent`): returns a tool set of the same
 * shape whose every `execute` is a governed capability of `runtime`, named `<prefix>.<toolName>` (`ai.refund`),
 * whose one object argument is the tool call's input, so that policies read `ctx.arg('amount')`.
 *
 * - **allow**: the tool runs once, on the arguments the policies saw; after-policies apply to its output
 *   (a redaction changes what the SDK, and the model, get).
 * - **deny**: the tool does not run; it returns a `BraneToolDenial`, a tool result whose message, written
 *   for the model, says why; the generation goes on.
 * - **approval_required**: the tool's `needsApproval` says so, and the Brane approval request is recorded
 *   and linked to the tool call (`braneApprovalOf`); when the user approves through the SDK's flow, the
 *   approval is recorded in Brane and the call runs exactly once, through `runtime.resume`.
 *
 * Tools without an `execute` (executed by the client, or by the provider) are returned as they are: there is
 * no execution here to govern. A tool's capability is registered once per runtime and name; governing the
 * same tools again (per request) reuses it, with the same options.
 *
 * @example
 * const tools = governTools(runtime, { refund, lookup }, { capabilities: { refund: { risk: 'high' } } });
 * const result = await generateText({ model, tools, prompt, stopWhen: stepCountIs(5) });
 */
export function governTools<TOOLS extends ToolSet>(
  runtime: Runtime,
  tools: TOOLS,
  options?: GovernToolsOptions<TOOLS>,
): TOOLS {
  requireRuntime(runtime, 'governTools');
  if (!isPlainObject(tools)) {
    throw new BraneError('INVALID_ARGUMENT', `governTools: expected a tool set object (got ${describeValue(tools)})`);
  }
  const parsed = parseGovernToolsOptions(options, Object.keys(tools));
  const governor = ToolGovernor.of(runtime);
  const governed: Record<string, unknown> = {};
  const plans = Object.entries(tools).map(([name, tool]) => planTool(governor, name, tool as unknown, parsed));
  for (const plan of plans) {
    governed[plan.name] = plan.register === undefined ? plan.tool : plan.register();
  }
  return governed as TOOLS;
}

interface ToolPlan {
  readonly name: string;
  readonly tool: unknown;
  /** Registers the capability and returns the governed tool; absent for a tool with nothing to govern. */
  readonly register?: () => Tool;
}

/** Checks one tool and its capability name (before anything is registered, so that a bad set registers none). */
function planTool(governor: ToolGovernor, name: string, tool: unknown, options: ParsedGovernToolsOptions): ToolPlan {
  if (typeof tool !== 'object' || tool === null) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `governTools: tool \`${name}\` must be a tool object (got ${describeValue(tool)})`,
    );
  }
  const original = tool as Tool;
  if (original.execute === undefined) return { name, tool };
  if (typeof original.execute !== 'function') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `governTools: the \`execute\` of tool \`${name}\` must be a function (got ${describeValue(original.execute)})`,
    );
  }
  const own = options.capabilities.get(name) ?? {};
  const capability = {
    type: 'tool' as const,
    ...(original.description === undefined ? {} : { description: original.description }),
    ...own,
    name: own.name ?? (options.prefix === '' ? name : `${options.prefix}.${name}`),
    // An `async function*` execute streams preliminary results: each is governed as a chunk.
    stream: own.stream ?? generatorKind(original.execute) !== undefined,
  };
  governor.check(capability, name);
  const execute = original.execute.bind(original) as ToolExecute;
  return {
    name,
    tool,
    register: () => {
      const keys = inputKeysOf(original);
      const call = governor.capability(capability, execute, keys);
      const context: GovernedTool = {
        governor,
        tool: name,
        capability: capability.name,
        call,
        original,
        execute,
        options,
        stream: capability.stream,
        keys,
      };
      return {
        ...original,
        execute: executeFor(context),
        needsApproval: needsApprovalFor(context),
        toModelOutput: modelOutputFor(original),
      };
    },
  };
}
