import fc from 'fast-check';

/**
 * How many cases a property runs: `base`, times `BRANE_PROPERTY_SCALE` (`pnpm test:long` sets 10). The
 * seed comes from `BRANE_PROPERTY_SEED` when set, so a failure can be replayed.
 */
export function propertyParameters<T>(base: number): fc.Parameters<T> {
  const scale = Number(process.env['BRANE_PROPERTY_SCALE'] ?? '1');
  const seed = process.env['BRANE_PROPERTY_SEED'];
  return {
    numRuns: Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1))),
    ...(seed === undefined ? {} : { seed: Number(seed) }),
  };
}

/**
 * Prints the figures of a property (for RELIABILITY.md) when `BRANE_PROPERTY_REPORT` is set; silent otherwise, so
 * the CI log stays readable.
 */
export function reportFigures(name: string, figures: object): void {
  if (process.env['BRANE_PROPERTY_REPORT'] !== undefined) console.info(`${name}: ${JSON.stringify(figures)}`);
}

/**
 * {@link propertyParameters} with `examples`, cases that always run first (a kind of case a coverage check after the
 * run asserts, which the draws reach only by chance). fast-check counts examples among `numRuns`: the number of
 * runs is raised where needed so that every example runs, and at least one random case after them, at any
 * `BRANE_PROPERTY_SCALE`.
 */
export function propertyParametersWith<T>(base: number, examples: T[]): fc.Parameters<T> {
  const parameters = propertyParameters<T>(base);
  return { ...parameters, numRuns: Math.max(parameters.numRuns ?? base, examples.length + 1), examples };
}
