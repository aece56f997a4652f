/**
 * Whether `fn` is a generator function, and which kind: `function*` (`sync`) or `async function*` (`async`).
 * Calling one runs none of its body: the body runs on each `next()`, so it is governed only as a stream.
 */
export function generatorKind(fn: unknown): 'sync' | 'async' | undefined {
  if (typeof fn !== 'function') return undefined;
  const tag = Object.prototype.toString.call(fn);
  if (tag === '[object GeneratorFunction]') return 'sync';
  if (tag === '[object AsyncGeneratorFunction]') return 'async';
  return undefined;
}
