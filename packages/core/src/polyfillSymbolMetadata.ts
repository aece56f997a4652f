/**
 * Node 20 has no `Symbol.metadata`, and TypeScript only gives decorators a `context.metadata` object when
 * the symbol exists when a class is defined. Importing Brane installs it, as `Symbol.for('Symbol.metadata')`,
 * the same fallback esbuild uses, so classes compiled by tsc, ts-jest and esbuild agree.
 */
(Symbol as { metadata?: symbol }).metadata ??= Symbol.for('Symbol.metadata');

export {};
