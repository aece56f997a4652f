import { BraneError, describeValue } from '@brane/errors';
import { DEFAULT_LEASE_MS, LIMIT_KEY_MAX_LENGTH, type Limit, type LimitKind } from './Limit.js';
import { isRecord } from './payloadChecks.js';
import { parseWindow } from './parseWindow.js';

/** Limits made by {@link validateLimit}: a decision copied from another keeps them without checking them again. */
const VALID = new WeakSet<Limit>();
const KINDS: readonly LimitKind[] = ['count', 'sum', 'concurrent'];
const FIELDS = new Set(['key', 'kind', 'cost', 'max', 'per', 'refundOnFailure', 'leaseMs', 'onStoreError']);
// eslint-disable-next-line no-control-regex -- a key must not carry control characters into logs or store keys
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Checks one limit as a policy wrote it and returns it complete and frozen. Anything that could let a call
 * through unmetered (a negative or NaN cost, a `max` of 0, an unknown window, a key that is empty, too long
 * or has control characters, an unknown field) throws `INVALID_ARGUMENT`; a policy that throws is a deny.
 */
export function validateLimit(init: unknown, label = 'limit'): Limit {
  if (VALID.has(init as Limit)) return init as Limit;
  if (!isRecord(init)) fail(label, `must be an object like \`{ key, max, per }\` (got ${describeValue(init)})`);
  const unknown = Object.keys(init).filter((field) => !FIELDS.has(field));
  if (unknown.length > 0) fail(label, `has no field \`${unknown[0] ?? ''}\` (fields: ${[...FIELDS].join(', ')})`);
  const key = init['key'];
  if (typeof key !== 'string' || key.length === 0 || key.length > LIMIT_KEY_MAX_LENGTH || CONTROL.test(key)) {
    fail(
      label,
      `\`key\` must be a string of 1 to ${LIMIT_KEY_MAX_LENGTH} characters without control characters (got ${describeValue(key)}${typeof key === 'string' ? `, ${key.length} characters` : ''})`,
    );
  }
  const at = `${label} \`${key}\``;
  const kind = init['kind'] ?? 'count';
  if (!KINDS.includes(kind as LimitKind))
    fail(at, `\`kind\` must be one of ${KINDS.join(', ')} (got ${describeValue(kind)})`);
  const max = init['max'];
  const whole = kind !== 'sum';
  if (typeof max !== 'number' || !Number.isFinite(max) || max <= 0 || (whole && !Number.isSafeInteger(max))) {
    fail(
      at,
      `\`max\` must be a ${whole ? 'whole number' : 'finite number'} greater than 0 (got ${describeValue(max)})`,
    );
  }
  const cost = checkCost(at, kind as LimitKind, init['cost']);
  const per = init['per'];
  if (kind === 'concurrent' && per !== undefined)
    fail(at, '`per` does not apply to `concurrent` (it counts calls running at once)');
  if (kind !== 'concurrent' && per === undefined)
    fail(at, `\`per\` is required for \`${kind as string}\` (the sliding window, like '1h')`);
  const refundOnFailure = init['refundOnFailure'] ?? false;
  if (typeof refundOnFailure !== 'boolean')
    fail(at, `\`refundOnFailure\` must be a boolean (got ${describeValue(refundOnFailure)})`);
  if (kind === 'concurrent' && refundOnFailure)
    fail(at, '`refundOnFailure` does not apply to `concurrent`: a slot is always released when the call ends');
  const lease = init['leaseMs'];
  if (lease !== undefined && (kind !== 'concurrent' || !Number.isSafeInteger(lease) || (lease as number) < 100)) {
    fail(
      at,
      `\`leaseMs\` applies to \`concurrent\` only, and must be a whole number of milliseconds ≥ 100 (got ${describeValue(lease)})`,
    );
  }
  const onStoreError = init['onStoreError'] ?? 'deny';
  if (onStoreError !== 'deny' && onStoreError !== 'allow') {
    fail(at, `\`onStoreError\` must be \`deny\` or \`allow\` (got ${describeValue(onStoreError)})`);
  }
  const limit: Limit = Object.freeze({
    key,
    kind: kind as LimitKind,
    cost,
    max,
    windowMs: per === undefined ? undefined : parseWindowAt(at, per),
    refundOnFailure,
    leaseMs: kind === 'concurrent' ? ((lease as number | undefined) ?? DEFAULT_LEASE_MS) : undefined,
    onStoreError,
  });
  VALID.add(limit);
  return limit;
}

/** Checks a decision's list of limits: every one valid; an empty list is not a list of limits. */
export function validateLimits(value: unknown, label = 'decision.limits'): readonly Limit[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${label} must be a non-empty list of limits (got ${describeValue(value)})`,
    );
  }
  return Object.freeze(value.map((limit: unknown, i) => validateLimit(limit, `limit ${i + 1}`)));
}

function checkCost(at: string, kind: LimitKind, cost: unknown): number {
  if (kind === 'sum') {
    if (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0) {
      fail(at, `\`cost\` of a \`sum\` limit must be a finite number ≥ 0 (got ${describeValue(cost)})`);
    }
    return cost;
  }
  if (cost !== undefined && cost !== 1)
    fail(at, `\`cost\` of a \`${kind}\` limit is 1 (got ${describeValue(cost)}); use \`kind: 'sum'\` to sum costs`);
  return 1;
}

function parseWindowAt(at: string, per: unknown): number {
  try {
    return parseWindow(per);
  } catch (error) {
    return fail(at, (error as Error).message);
  }
}

function fail(at: string, problem: string): never {
  throw new BraneError('INVALID_ARGUMENT', `Decision.withLimits: ${at} ${problem}`);
}
