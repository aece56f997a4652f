import type { CallbackManagerForToolRun } from '@langchain/core/callbacks/manager';
import type { StructuredToolInterface, ToolRunnableConfig } from '@langchain/core/tools';
import type { ToolCallScope } from './toolCallScope.js';

type ToolBody = (
  arg: unknown,
  runManager: CallbackManagerForToolRun | undefined,
  config: ToolRunnableConfig | undefined,
) => unknown;

/**
 * Runs the original tool on `input`, the arguments the policies saw (already validated against the tool's
 * schema by the governed tool), and returns its raw output, so that after-policies see (and redact) the
 * data itself rather than a `ToolMessage`.
 *
 * A LangChain `StructuredTool` (what `tool()` and the tool classes make) is run through its own `_call`, so
 * it gets exactly these arguments, not a second parse of them. The events of a streaming tool run this way
 * (not declared `stream: true`) are drained and withheld: the after-policies see only its result, so its
 * events never reach the run's callbacks ungoverned. Any other tool is invoked, and validates its input again.
 */
export async function runOriginalTool(
  tool: StructuredToolInterface,
  input: unknown,
  scope: ToolCallScope | undefined,
): Promise<unknown> {
  const body = (tool as unknown as { _call?: unknown })._call;
  if (typeof body === 'function') {
    const output: unknown = await (body as ToolBody).call(tool, input, scope?.runManager, scope?.config);
    return isAsyncGenerator(output) ? drain(output) : output;
  }
  const config = scope?.config === undefined ? undefined : withoutToolCall(scope.config);
  return tool.invoke(input as never, config);
}

/**
 * The chunks of a streaming tool, as its governed capability yields them: each event the tool yields, then
 * its result as the last chunk, so that the after-policies see (and may redact or deny) both. Events are not
 * forwarded to the run's callbacks here: the governed tool forwards them once they passed the policies.
 */
export async function* streamOriginalTool(
  tool: StructuredToolInterface,
  input: unknown,
  scope: ToolCallScope | undefined,
): AsyncGenerator<unknown, void, undefined> {
  const body = (tool as unknown as { _call?: unknown })._call;
  if (typeof body !== 'function') {
    yield await runOriginalTool(tool, input, scope);
    return;
  }
  const output: unknown = await (body as ToolBody).call(tool, input, scope?.runManager, scope?.config);
  if (!isAsyncGenerator(output)) {
    yield output;
    return;
  }
  try {
    for (let step = await output.next(); ; step = await output.next()) {
      yield step.value;
      if (step.done === true) return;
    }
  } finally {
    await output.return(undefined);
  }
}

/** Without `toolCall`, an invoked tool returns its output rather than a `ToolMessage`. */
function withoutToolCall(config: ToolRunnableConfig): ToolRunnableConfig {
  const copy = { ...config };
  delete copy.toolCall;
  return copy;
}

function isAsyncGenerator(value: unknown): value is AsyncGenerator<unknown, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<AsyncGenerator>).next === 'function' &&
    typeof (value as Partial<AsyncGenerator>)[Symbol.asyncIterator] === 'function'
  );
}

/** The result of a streaming tool's body; its events are withheld (see {@link runOriginalTool}). */
async function drain(events: AsyncGenerator<unknown, unknown>): Promise<unknown> {
  for (let step = await events.next(); ; step = await events.next()) {
    if (step.done === true) return step.value;
  }
}
