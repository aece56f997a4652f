import { BraneError } from '@brane/errors';
import { nestsDeeperThan } from './nestsDeeperThan.js';
import { MAX_ARGUMENT_DEPTH } from './snapshotArgs.js';

/**
 * Refuses a tool's input or output nested more than {@link MAX_ARGUMENT_DEPTH} (1,000) deep, measured without
 * recursion ({@link nestsDeeperThan}): `{}` is 1 deep, so the bound is on the value itself as the model sent it (the
 * tool's whole input object) or as the tool returned it (its whole result), not on the fields inside it. An
 * `INVALID_ARGUMENT` `BraneError` naming the capability and `what` was too deep, raised before the value is handed
 * on: a framework serializing it (`JSON.stringify` in a transport, a `ToolMessage`, a checkpoint) would overflow the
 * stack, or, as LangChain does, turn it into the text `[object Object]`. A shallow value costs one walk and no copy.
 *
 * The adapters (`@brane/mcp`, `@brane/ai-sdk`, `@brane/langchain`, `@brane/openai-agents`) call it on every governed
 * tool's output, and on each chunk of a streaming tool; `@brane/openai-agents` on a tool's input too, which it passes
 * to the policies by argument name (each of which the runtime checks one level down).
 *
 * @param what the value, for the message: `input`, `output`, `chunk`
 */
export function refuseTooDeep(value: unknown, capability: string, what: string): void {
  if (!nestsDeeperThan(value, MAX_ARGUMENT_DEPTH)) return;
  throw new BraneError(
    'INVALID_ARGUMENT',
    `\`${capability}\` ${what} is nested more than ${MAX_ARGUMENT_DEPTH} deep: refused before it is handed on, as a value an agent or a tool controls`,
    { details: { capability, field: what, maxDepth: MAX_ARGUMENT_DEPTH } },
  );
}
