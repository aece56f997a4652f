/**
 * Not public API (`@brane/audit/internal`). The method by which an event writes its own canonical JSON: an event
 * built lazily (an action record) can write it in one pass instead of being built and then serialized. It returns
 * exactly `canonicalEventJson(event)`, or `undefined` when the event leaves that to `canonicalEventJson`.
 */
export const CANONICAL_JSON: unique symbol = Symbol('brane.canonicalJson');

/**
 * Not public API (`@brane/audit/internal`). The canonical JSON `event` writes itself (see {@link CANONICAL_JSON}),
 * or `undefined` when it has no such method or declines.
 */
export function ownCanonicalJson(event: object): string | undefined {
  const own = (event as { readonly [CANONICAL_JSON]?: unknown })[CANONICAL_JSON];
  if (typeof own !== 'function') return undefined;
  const json: unknown = own.call(event);
  return typeof json === 'string' ? json : undefined;
}
