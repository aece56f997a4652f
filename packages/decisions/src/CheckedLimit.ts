import type { Limit, LimitKind, LimitStoreErrorMode } from './Limit.js';

/** The eight fields of a limit exactly as a policy wrote them, in the order {@link LimitFields.matches} reads them. */
export interface LimitFields {
  readonly key: unknown;
  readonly kind: unknown;
  readonly cost: unknown;
  readonly max: unknown;
  readonly per: unknown;
  readonly refundOnFailure: unknown;
  readonly leaseMs: unknown;
  readonly onStoreError: unknown;
}

/**
 * A limit made by `validateLimit`: a decision copied from another keeps it without checking it again.
 * Branded with a private field, so that an object that merely looks like one is checked like any other. It also
 * keeps the fields it was checked from: a limit written with exactly the same fields is this limit (checking is a
 * function of those fields alone), so a policy that attaches the same limit on every call has it checked once.
 */
export class CheckedLimit implements Limit {
  readonly #written: LimitFields;
  /** This limit as a list of one, made the first time a decision takes it alone. */
  #alone: readonly Limit[] | undefined;

  constructor(
    written: LimitFields,
    readonly key: string,
    readonly kind: LimitKind,
    readonly cost: number,
    readonly max: number,
    readonly windowMs: number | undefined,
    readonly refundOnFailure: boolean,
    readonly leaseMs: number | undefined,
    readonly onStoreError: LimitStoreErrorMode,
  ) {
    this.#written = written;
    Object.freeze(this);
  }

  static is(value: unknown): value is CheckedLimit {
    return typeof value === 'object' && value !== null && #written in value;
  }

  /** Whether a policy wrote exactly the fields this limit was checked from (`===` each, so NaN never matches). */
  matches(
    kind: unknown,
    cost: unknown,
    max: unknown,
    per: unknown,
    refundOnFailure: unknown,
    leaseMs: unknown,
    onStoreError: unknown,
  ): boolean {
    const w = this.#written;
    return (
      w.kind === kind &&
      w.cost === cost &&
      w.max === max &&
      w.per === per &&
      w.refundOnFailure === refundOnFailure &&
      w.leaseMs === leaseMs &&
      w.onStoreError === onStoreError
    );
  }

  /** This limit as a frozen list of one, the same list each time: the list of a decision with this one limit. */
  alone(): readonly Limit[] {
    return (this.#alone ??= Object.freeze([this]));
  }
}

/** Limits already checked, by key, each as last written: most policies attach the same few limits on every call. */
const CHECKED = new Map<string, CheckedLimit>();
/** The limit {@link checkedBefore} found last, or {@link keepChecked} kept last. */
let lastChecked: CheckedLimit | undefined;
/** How many keys {@link CHECKED} keeps: past that, the key checked longest ago is forgotten. */
export const CHECKED_LIMITS_KEPT = 256;

/** The limit already checked from exactly `written`, if one is kept. */
export function checkedBefore(
  key: unknown,
  kind: unknown,
  cost: unknown,
  max: unknown,
  per: unknown,
  refundOnFailure: unknown,
  leaseMs: unknown,
  onStoreError: unknown,
): CheckedLimit | undefined {
  if (typeof key !== 'string') return undefined;
  // The limit checked last first: a policy attaches the same limit call after call, its key often the same string.
  const last = lastChecked;
  if (
    last !== undefined &&
    last.key === key &&
    last.matches(kind, cost, max, per, refundOnFailure, leaseMs, onStoreError)
  )
    return last;
  const known = CHECKED.get(key);
  if (known === undefined || !known.matches(kind, cost, max, per, refundOnFailure, leaseMs, onStoreError))
    return undefined;
  lastChecked = known;
  return known;
}

/** Keeps `limit` for {@link checkedBefore}, in place of any limit kept under its key. */
export function keepChecked(limit: CheckedLimit): void {
  if (!CHECKED.delete(limit.key) && CHECKED.size >= CHECKED_LIMITS_KEPT) {
    const oldest = CHECKED.keys().next();
    if (oldest.done !== true) CHECKED.delete(oldest.value);
  }
  CHECKED.set(limit.key, limit);
  lastChecked = limit;
}
