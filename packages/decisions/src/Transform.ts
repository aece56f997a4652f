/**
 * A change to a capability's input or output. `patch` sets the named keys (of the arguments by name, or of
 * an object output) and keeps the rest; `replace` replaces the whole value (all arguments, by name).
 */
export type Transform =
  | { readonly patch: Readonly<Record<string, unknown>>; readonly replace?: never }
  | { readonly replace: unknown; readonly patch?: never };
