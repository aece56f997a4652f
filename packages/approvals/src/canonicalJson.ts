import { BraneError, describeValue } from '@brane/errors';
import { configure } from 'safe-stable-stringify';

const stringify = configure({ deterministic: true, strict: true, bigint: false, circularValue: Error });
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Deterministic JSON of `value`: object keys sorted at every depth, so `{a: 1, b: 2}` and `{b: 2, a: 1}` give the
 * same string. Used to bind an approval to its arguments and to seal records.
 *
 * The value must be JSON data: `null`, booleans, finite numbers, strings, arrays and plain objects (prototype
 * `Object.prototype` or `null`). Object properties whose value is `undefined` are dropped (an argument not
 * passed). Anything else throws an `INVALID_ARGUMENT` {@link BraneError} naming its path.
 *
 * @param label how the message names `value` itself, such as `args`
 * @example
 * canonicalJson({ b: [1, { d: 2, c: 3 }], a: null }) // '{"a":null,"b":[1,{"c":3,"d":2}]}'
 * canonicalJson({ at: new Date() }, 'args') // throws: `args.at` is a Date: approvals store JSON data only
 */
export function canonicalJson(value: unknown, label = 'value'): string {
  const text = stringify(toPlainData(value, label, new Set()));
  if (typeof text !== 'string') throw notJson(label, describeValue(value)); // unreachable: toPlainData checked it
  return text;
}

/**
 * A deep copy of `value` as JSON data, keys sorted: validated as {@link canonicalJson} does, so the same values are
 * refused with the same errors.
 */
export function toJsonData(value: unknown, label = 'value'): unknown {
  return JSON.parse(canonicalJson(value, label));
}

/** Checks `value` is JSON data and copies it (getters are read exactly once, here). */
function toPlainData(value: unknown, path: string, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value)) return value;
      throw notJson(path, `\`${String(value)}\`, not a finite number`);
    case 'bigint':
      throw notJson(path, `a bigint (\`${value}n\`)`);
    case 'undefined':
      throw notJson(path, '`undefined`');
    case 'symbol':
    case 'function':
      throw notJson(path, describeValue(value));
    default:
      break;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) throw notJson(path, 'a circular reference');
  ancestors.add(object);
  try {
    return Array.isArray(object) ? copyArray(object, path, ancestors) : copyObject(object, path, ancestors);
  } finally {
    ancestors.delete(object);
  }
}

function copyArray(array: unknown[], path: string, ancestors: Set<object>): unknown[] {
  const proto: unknown = Object.getPrototypeOf(array);
  // An Array.prototype (of any realm) inherits from a root prototype; a subclass's prototype does not.
  if (proto === null || !isRootPrototype(Object.getPrototypeOf(proto))) throw notJson(path, 'an array subclass');
  const out: unknown[] = [];
  for (let i = 0; i < array.length; i++) out.push(toPlainData(array[i], `${path}[${i}]`, ancestors));
  return out;
}

function copyObject(object: object, path: string, ancestors: Set<object>): Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== null && !isRootPrototype(proto)) throw notJson(path, describeInstance(object));
  if (Object.getOwnPropertySymbols(object).length > 0) throw notJson(path, 'an object with symbol keys');
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const item = (object as Record<string, unknown>)[key];
    if (item !== undefined) out[key] = toPlainData(item, childPath(path, key), ancestors);
  }
  return out;
}

/**
 * Whether `proto` is `Object.prototype`, of this realm or another: plain objects and arrays made in a `vm` context
 * (as under jest) or by `structuredClone` there are still JSON data. A class's prototype is never a root.
 */
function isRootPrototype(proto: unknown): boolean {
  if (proto === Object.prototype) return true;
  if (typeof proto !== 'object' || proto === null || Object.getPrototypeOf(proto) !== null) return false;
  return (proto as { constructor?: { name?: unknown } }).constructor?.name === 'Object';
}

function describeInstance(object: object): string {
  const described = describeValue(object);
  // "an instance of `Date`" reads better as "a Date" for the built-ins people pass by mistake.
  const builtIn = /^an instance of `(Date|Map|Set|RegExp|Promise|Buffer)`$/.exec(described);
  return builtIn ? `a ${builtIn[1] ?? ''}` : described;
}

function childPath(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function notJson(path: string, what: string): BraneError {
  return new BraneError(
    'INVALID_ARGUMENT',
    `\`${path}\` is ${what}: approvals store JSON data only (null, booleans, finite numbers, strings, arrays and plain objects)`,
    { details: { path } },
  );
}
