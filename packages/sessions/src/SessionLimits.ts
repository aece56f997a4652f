import { BraneError, describeValue } from '@brane/errors';

/** How much one session keeps, and for how long. Every store applies the same limits the same way. */
export interface SessionLimits {
  /** Entries kept for `ctx.session.last(n)`; older ones are dropped (labels and counts are kept). Default 200. */
  readonly maxEntries: number;
  /** A session with no recorded action for this long is forgotten entirely. Default 24 hours. */
  readonly ttlMs: number;
  /** Value fingerprints kept; past it the oldest are dropped (their labels stay held). Default 20,000. */
  readonly maxFingerprints: number;
  /** How far back `count({ within })` is exact to the minute; a longer `within` throws a `ConfigurationError`. Default 24 hours. */
  readonly countWindowMs: number;
}

/** The limits a store applies when its options leave them out. */
export const DEFAULT_SESSION_LIMITS: SessionLimits = Object.freeze({
  maxEntries: 200,
  ttlMs: 24 * 60 * 60 * 1000,
  maxFingerprints: 20_000,
  countWindowMs: 24 * 60 * 60 * 1000,
});

const MAX = {
  maxEntries: 100_000,
  ttlMs: 2_147_483_647 * 1000,
  maxFingerprints: 10_000_000,
  countWindowMs: 366 * 86_400_000,
};

/** Validates partial limits (`where` prefixes errors) and fills in the defaults. */
export function parseSessionLimits(value: Partial<SessionLimits> | undefined, where: string): SessionLimits {
  if (value === undefined) return DEFAULT_SESSION_LIMITS;
  if (typeof value !== 'object' || value === null) {
    throw new BraneError('INVALID_OPTIONS', `${where}: expected session limits (got ${describeValue(value)})`);
  }
  const limits: Record<string, number> = { ...DEFAULT_SESSION_LIMITS };
  for (const key of Object.keys(MAX) as (keyof SessionLimits)[]) {
    const given = value[key];
    if (given === undefined) continue;
    if (typeof given !== 'number' || !Number.isSafeInteger(given) || given < 1 || given > MAX[key]) {
      throw new BraneError(
        'INVALID_OPTIONS',
        `${where}: \`${key}\` must be a whole number from 1 to ${MAX[key]} (got ${describeValue(given)})`,
      );
    }
    limits[key] = given;
  }
  return Object.freeze(limits) as unknown as SessionLimits;
}
