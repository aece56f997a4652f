import { copyData, isPlainObject, type Transform } from '@brane/decisions';
import { BraneError, describeValue } from '@brane/errors';
import type { CapabilityInfo } from './CapabilityInfo.js';

/**
 * Applies a `transform_input` change to a call's arguments and returns the arguments the capability will
 * receive. `args` is never mutated; every value taken from `transform` is deep-copied (`copyData`),
 * so neither the policy nor the caller can change what executes afterwards. Arguments that are not
 * transformed are passed on as they are (they are already the runtime's snapshot).
 *
 * With named positional arguments (`capability.params`): `patch` sets the named arguments and keeps the
 * others (the list grows, padded with `undefined`, to reach a later argument); `replace` gives every argument
 * by name, in `params` order, with trailing `undefined`s dropped. When the capability takes one plain object
 * (`params` undefined), `patch` merges into that object and `replace` becomes it.
 *
 * @throws BraneError `UNKNOWN_ARGUMENT` for a name that is not one of `params`, or, for a capability that takes
 * one object, not one of its `keys` (a capability without `keys`, such as a `...rest` pattern, takes any key); `INVALID_ARGUMENT` for a
 * transform with neither or both of `patch` and `replace`, a `patch` or `replace` that is not a plain object,
 * a `__proto__` key, or a value that cannot be copied.
 * @example
 * // refund_customer(customerId, amountUsd, reason)
 * transformArgs(refund, ['cust_1', 900], { patch: { amountUsd: 100 } }) // ['cust_1', 100]
 */
export function transformArgs(capability: CapabilityInfo, args: readonly unknown[], transform: Transform): unknown[] {
  const name = typeof capability?.name === 'string' ? capability.name : '?';
  const where = `transformArgs(\`${name}\`)`;
  if (!Array.isArray(args)) invalid(where, `\`args\` must be an array (got ${describeValue(args)})`);
  if (typeof transform !== 'object' || transform === null) {
    invalid(where, `\`transform\` must be an object with \`patch\` or \`replace\` (got ${describeValue(transform)})`);
  }
  const { patch } = transform;
  const hasReplace = Object.hasOwn(transform, 'replace') && transform.replace !== undefined;
  if (patch !== undefined && hasReplace) invalid(where, '`transform` has both `patch` and `replace`; give one');
  if (patch === undefined && !hasReplace) invalid(where, '`transform` has neither `patch` nor `replace`');
  const field = patch === undefined ? 'replace' : 'patch';
  const changes: unknown = patch ?? transform.replace;
  if (!isPlainObject(changes)) {
    invalid(where, `\`transform.${field}\` must be a plain object of arguments (got ${describeValue(changes)})`);
  }
  const keys = Object.keys(changes);
  if (keys.includes('__proto__')) {
    invalid(where, `\`transform.${field}\` has a \`__proto__\` key (prototype pollution)`);
  }
  const copies = copyEntries(changes, keys, `transform.${field}`);

  const { params, keys: declared } = capability;
  if (declared !== undefined && !Array.isArray(declared)) {
    invalid(where, `\`capability.keys\` must be an array of key names (got ${describeValue(declared)})`);
  }
  const known = params ?? declared;
  const unknown = known === undefined ? undefined : keys.find((key) => !known.includes(key));
  if (known !== undefined && unknown !== undefined) {
    const [what, list] = params === undefined ? ['a key', 'keys'] : ['an argument', 'arguments'];
    throw new BraneError(
      'UNKNOWN_ARGUMENT',
      `${where}: \`transform.${field}\` names \`${unknown}\`, which is not ${what} of \`${name}\` (its ${list}: ${known.join(', ') || 'none'})`,
      { details: { capability: name, argument: unknown, ...(params === undefined ? { keys: known } : { params }) } },
    );
  }
  if (params === undefined) {
    if (field === 'replace') return [copies];
    const input: unknown = args[0] === undefined ? {} : args[0];
    if (!isPlainObject(input)) {
      invalid(where, `the capability takes one plain object, but \`args[0]\` is ${describeValue(input)}`);
    }
    return [merge(input, copies)];
  }

  if (field === 'replace') {
    const result = params.map((param) => (Object.hasOwn(copies, param) ? copies[param] : undefined));
    while (result.length > 0 && result[result.length - 1] === undefined) result.pop();
    return result;
  }
  const result = args.slice();
  for (const key of keys) {
    const index = params.indexOf(key);
    while (result.length < index) result.push(undefined);
    result[index] = copies[key];
  }
  return result;
}

/** A plain object holding a deep copy of each of `keys` of `source`; the copy failing names the key. */
function copyEntries(source: Record<string, unknown>, keys: readonly string[], name: string): Record<string, unknown> {
  const copies: Record<string, unknown> = {};
  for (const key of keys) copies[key] = copyData(source[key], `${name}.${key}`);
  return copies;
}

/** A shallow copy of `input` (same prototype) with `changes` set on it. */
function merge(input: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  if (Object.getPrototypeOf(input) === null) return Object.assign(Object.create(null) as object, input, changes);
  return { ...input, ...changes }; // spread defines an own `__proto__` key as data, never as the prototype
}

function invalid(where: string, message: string): never {
  throw new BraneError('INVALID_ARGUMENT', `${where}: ${message}`);
}
