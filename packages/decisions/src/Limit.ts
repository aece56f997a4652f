/** What a limit counts: calls in a window, a cost summed over a window, or calls running at once. */
export type LimitKind = 'count' | 'sum' | 'concurrent';

/** What happens when the limit store cannot be reached: `deny` (fail closed, the default) or `allow` (fail open). */
export type LimitStoreErrorMode = 'deny' | 'allow';

/** The longest key a limit may have, in UTF-16 code units. */
export const LIMIT_KEY_MAX_LENGTH = 256;

/** How long a `concurrent` slot is held by a process that stops renewing it (it crashed), unless the limit says. */
export const DEFAULT_LEASE_MS = 30_000;

/**
 * A limit as a policy writes it, attached with `decision.withLimits(...)`.
 *
 * @example
 * Decision.allow().withLimits(
 *   { key: `refunds:${ctx.tenantId}`, kind: 'sum', cost: amount, max: 1000, per: '24h' },
 *   { key: `emails:${ctx.agentId}`, max: 20, per: '1h' },
 *   { key: 'browser', kind: 'concurrent', max: 3 },
 * );
 */
export interface LimitInit {
  /** What is limited, shared by every call that names it (`refunds:tenant-42`). At most {@link LIMIT_KEY_MAX_LENGTH} characters. */
  readonly key: string;
  /** Default `count`. */
  readonly kind?: LimitKind | undefined;
  /** What this call uses up: 1 for `count` and `concurrent` (the default); any finite number ≥ 0 for `sum`. */
  readonly cost?: number | undefined;
  /** The most the key may use within a window (`count`, `sum`), or at once (`concurrent`). Greater than 0. */
  readonly max: number;
  /** The sliding window of `count` and `sum`: `'30s'`, `'10m'`, `'1h'`, `'24h'`, `'7d'`, or milliseconds. */
  readonly per?: string | number | undefined;
  /** `count` and `sum`: give the cost back when the capability throws or is cancelled. Default `false`: an attempt counts. */
  readonly refundOnFailure?: boolean | undefined;
  /** `concurrent`: how long a slot outlives a process that stopped renewing it. Default {@link DEFAULT_LEASE_MS}. */
  readonly leaseMs?: number | undefined;
  /** When the store cannot be reached: `deny` (default), or `allow`, which fails open for this limit. */
  readonly onStoreError?: LimitStoreErrorMode | undefined;
}

/** A limit once checked: every field present, the window in milliseconds. Frozen. */
export interface Limit {
  readonly key: string;
  readonly kind: LimitKind;
  readonly cost: number;
  readonly max: number;
  /** The sliding window in milliseconds (`count`, `sum`); `undefined` for `concurrent`. */
  readonly windowMs: number | undefined;
  readonly refundOnFailure: boolean;
  /** The lease of a `concurrent` slot; `undefined` for `count` and `sum`. */
  readonly leaseMs: number | undefined;
  readonly onStoreError: LimitStoreErrorMode;
}
