/**
 * The injection token of a `BraneModule`'s resolved options (see {@link ResolvedBraneOptions}): inject it to
 * read how the module was set up.
 */
export const BRANE_OPTIONS: unique symbol = Symbol('brane.nestjs.options');
