/**
 * The final value of a tool's `execute`: the awaited value, or for an `AsyncIterable` (preliminary results)
 * the last value it yields. Brane's after-policies and redactions apply to that final value only, so the
 * preliminary values are consumed here and never reach the SDK.
 */
export async function finalOutput(result: unknown): Promise<unknown> {
  const value: unknown = await result;
  if (!isAsyncIterable(value)) return value;
  let last: unknown;
  for await (const item of value) last = item;
  return last;
}

/** Whether `value` is an `AsyncIterable` (the preliminary results of a tool). */
export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function'
  );
}
