import { BraneError, describeValue } from '@brane/errors';
import { CheckedLimit, checkedBefore, keepChecked, type LimitFields } from './CheckedLimit.js';
import { DEFAULT_LEASE_MS, LIMIT_KEY_MAX_LENGTH, type Limit, type LimitKind } from './Limit.js';
import { isRecord } from './payloadChecks.js';
import { parseWindow } from './parseWindow.js';

const LABELS: readonly string[] = Array.from({ length: 8 }, (_, i) => `limit ${i + 1}`);
const KINDS: readonly LimitKind[] = ['count', 'sum', 'concurrent'];
const FIELDS: readonly string[] = ['key', 'kind', 'cost', 'max', 'per', 'refundOnFailure', 'leaseMs', 'onStoreError'];
// eslint-disable-next-line no-control-regex -- a key must not carry control characters into logs or store keys
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** A lone surrogate: Redis and PostgreSQL store it as U+FFFD, so two such keys would share one limit there. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Checks one limit as a policy wrote it and returns it complete and frozen. Anything that could let a call
 * through unmetered (a negative or NaN cost, a `max` of 0, an unknown window, a key that is empty, too long
 * or has control characters, an unknown field) throws `INVALID_ARGUMENT`; a policy that throws is a deny.
 * A limit written with exactly the fields of one checked before is that limit, not checked again.
 */
export function validateLimit(init: unknown, label = 'limit'): Limit {
  return checkLimit(init, label);
}

function checkLimit(init: unknown, label: string): CheckedLimit {
  // Kept small, its rare paths in functions of their own, so that it is inlined where a policy attaches a limit.
  if (typeof init !== 'object' || init === null) return checkedOrRefused(init, label);
  // Every field is read once: what is checked is what is kept, whatever a getter would answer next time.
  const fields = init as Record<string, unknown>;
  const key = fields['key'];
  const kind = fields['kind'];
  const cost = fields['cost'];
  const max = fields['max'];
  const per = fields['per'];
  const refundOnFailure = fields['refundOnFailure'];
  const leaseMs = fields['leaseMs'];
  const onStoreError = fields['onStoreError'];
  // Then whether it is a plain object, as a policy writes (a checked limit is never one): after the reads, V8 knows
  // the object's shape, and so its prototype, without asking for it.
  if (!isRecord(init)) return checkedOrRefused(init, label);
  // Own fields only, without making their list: this runs on every call with limits.
  for (const field in init) {
    if (!isLimitField(field) && Object.hasOwn(init, field)) refuseField(label, field);
  }
  return (
    checkedBefore(key, kind, cost, max, per, refundOnFailure, leaseMs, onStoreError) ??
    checkNew(label, { key, kind, cost, max, per, refundOnFailure, leaseMs, onStoreError })
  );
}

/** `init`, not a plain object, when it is a checked limit; else refused. */
function checkedOrRefused(init: unknown, label: string): CheckedLimit {
  if (CheckedLimit.is(init)) return init;
  return fail(label, undefined, `must be an object like \`{ key, max, per }\` (got ${describeValue(init)})`);
}

/** Refuses a field a limit does not have. */
function refuseField(label: string, field: string): never {
  return fail(label, undefined, `has no field \`${field}\` (fields: ${FIELDS.join(', ')})`);
}

/** Checks a limit not checked before, and keeps it. */
function checkNew(label: string, written: LimitFields): CheckedLimit {
  const limit = checkFields(label, written);
  keepChecked(limit);
  return limit;
}

/** Checks the fields of a limit not checked before. */
function checkFields(label: string, written: LimitFields): CheckedLimit {
  const { key, per } = written;
  if (typeof key !== 'string' || key.length === 0 || key.length > LIMIT_KEY_MAX_LENGTH || CONTROL.test(key)) {
    fail(
      label,
      undefined,
      `\`key\` must be a string of 1 to ${LIMIT_KEY_MAX_LENGTH} characters without control characters (got ${describeValue(key)}${typeof key === 'string' ? `, ${key.length} characters` : ''})`,
    );
  }
  if (LONE_SURROGATE.test(key))
    fail(label, undefined, `\`key\` must be well-formed Unicode, without a lone surrogate (got ${describeValue(key)})`);
  const kind = written.kind ?? 'count';
  if (!KINDS.includes(kind as LimitKind))
    fail(label, key, `\`kind\` must be one of ${KINDS.join(', ')} (got ${describeValue(kind)})`);
  const max = written.max;
  const whole = kind !== 'sum';
  // At most 2^53 - 1 for `sum` too: past it a store's sums overflow (PostgreSQL fails, which `onStoreError: 'allow'`
  // would turn into an allow) or lose whole units.
  if (
    typeof max !== 'number' ||
    !(max > 0 && max <= Number.MAX_SAFE_INTEGER) ||
    (whole && !Number.isSafeInteger(max))
  ) {
    fail(
      label,
      key,
      `\`max\` must be a ${whole ? 'whole number' : 'number'} greater than 0 and at most ${Number.MAX_SAFE_INTEGER} (got ${describeValue(max)})`,
    );
  }
  const cost = checkCost(label, key, kind as LimitKind, written.cost);
  if (kind === 'concurrent' && per !== undefined)
    fail(label, key, '`per` does not apply to `concurrent` (it counts calls running at once)');
  if (kind !== 'concurrent' && per === undefined)
    fail(label, key, `\`per\` is required for \`${kind as string}\` (the sliding window, like '1h')`);
  const refundOnFailure = written.refundOnFailure ?? false;
  if (typeof refundOnFailure !== 'boolean')
    fail(label, key, `\`refundOnFailure\` must be a boolean (got ${describeValue(refundOnFailure)})`);
  if (kind === 'concurrent' && refundOnFailure)
    fail(label, key, '`refundOnFailure` does not apply to `concurrent`: a slot is always released when the call ends');
  const lease = written.leaseMs;
  if (lease !== undefined && (kind !== 'concurrent' || !Number.isSafeInteger(lease) || (lease as number) < 100)) {
    fail(
      label,
      key,
      `\`leaseMs\` applies to \`concurrent\` only, and must be a whole number of milliseconds ≥ 100 (got ${describeValue(lease)})`,
    );
  }
  const onStoreError = written.onStoreError ?? 'deny';
  if (onStoreError !== 'deny' && onStoreError !== 'allow') {
    fail(label, key, `\`onStoreError\` must be \`deny\` or \`allow\` (got ${describeValue(onStoreError)})`);
  }
  return new CheckedLimit(
    written,
    key,
    kind as LimitKind,
    cost,
    max,
    per === undefined ? undefined : parseWindowAt(label, key, per),
    refundOnFailure,
    kind === 'concurrent' ? ((lease as number | undefined) ?? DEFAULT_LEASE_MS) : undefined,
    onStoreError,
  );
}

/** Checks a decision's list of limits: every one valid; an empty list is not a list of limits. */
export function validateLimits(value: unknown, label = 'decision.limits'): readonly Limit[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${label} must be a non-empty list of limits (got ${describeValue(value)})`,
    );
  }
  // One limit, the common case: the same frozen list of one each time it is attached.
  if (value.length === 1) return checkLimit(value[0], 'limit 1').alone();
  const limits: Limit[] = [];
  for (let i = 0; i < value.length; i++) limits.push(checkLimit(value[i], LABELS[i] ?? `limit ${i + 1}`));
  return Object.freeze(limits);
}

/** Whether `field` is one of {@link FIELDS} (a switch: this runs for every field of every limit attached). */
function isLimitField(field: string): boolean {
  switch (field) {
    case 'key':
    case 'kind':
    case 'cost':
    case 'max':
    case 'per':
    case 'refundOnFailure':
    case 'leaseMs':
    case 'onStoreError':
      return true;
    default:
      return false;
  }
}

function checkCost(label: string, key: string, kind: LimitKind, cost: unknown): number {
  if (kind === 'sum') {
    if (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0) {
      fail(label, key, `\`cost\` of a \`sum\` limit must be a finite number ≥ 0 (got ${describeValue(cost)})`);
    }
    return cost;
  }
  if (cost !== undefined && cost !== 1)
    fail(
      label,
      key,
      `\`cost\` of a \`${kind}\` limit is 1 (got ${describeValue(cost)}); use \`kind: 'sum'\` to sum costs`,
    );
  return 1;
}

/** Windows already parsed, by how a policy wrote them: many keys (one per tenant, per agent) share a few windows. */
const WINDOWS = new Map<string, number>();
const WINDOWS_KEPT = 64;

function parseWindowAt(label: string, key: string, per: unknown): number {
  if (typeof per === 'string') {
    const known = WINDOWS.get(per);
    if (known !== undefined) return known;
  }
  try {
    const ms = parseWindow(per);
    if (typeof per === 'string' && WINDOWS.size < WINDOWS_KEPT) WINDOWS.set(per, ms);
    return ms;
  } catch (error) {
    return fail(label, key, (error as Error).message);
  }
}

function fail(label: string, key: string | undefined, problem: string): never {
  const at = key === undefined ? label : `${label} \`${key}\``;
  throw new BraneError('INVALID_ARGUMENT', `Decision.withLimits: ${at} ${problem}`);
}
