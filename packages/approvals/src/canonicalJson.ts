import { BraneError, boundText, describeValue } from '@brane/errors';

/**
 * The deepest nesting accepted: a value an agent controls could otherwise be nested until the stack overflows. The
 * same bound as the runtime's `MAX_ARGUMENT_DEPTH`; a call's arguments by name, and a record holding them, are
 * measured inside their envelope (see `canonicalJson`), so every call the runtime accepts can be approved.
 */
export const MAX_JSON_DEPTH = 1_000;

/** Levels around the arguments of a call by name (`args`) that do not count toward {@link MAX_JSON_DEPTH}. */
export const ARGS_ENVELOPE = 1;
/** Levels around the arguments in an approval record (`record.args`) that do not count toward it. */
export const RECORD_ENVELOPE = 2;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Where a value sits, built only when an error names it: the container's place, and the key or index in it. */
interface Place {
  readonly parent: Place | string;
  readonly key: string | number;
}

/**
 * Deterministic JSON of `value`: object keys sorted at every depth, so `{a: 1, b: 2}` and `{b: 2, a: 1}` give the
 * same string. Used to bind an approval to its arguments and to seal records.
 *
 * The value must be JSON data: `null`, booleans, finite numbers, strings, arrays and plain objects (prototype
 * `Object.prototype` or `null`), nested at most {@link MAX_JSON_DEPTH} deep. Object properties whose value is
 * `undefined` are dropped (an argument not passed). Anything else throws an `INVALID_ARGUMENT` {@link BraneError}
 * naming its path. Each property is read once: the text is written as the value is checked, in one pass, so a
 * getter cannot answer one thing to the check and another to the text.
 *
 * Keys are sorted by UTF-16 code unit and strings and numbers written as `JSON.stringify` writes them, which is
 * what `safe-stable-stringify`'s deterministic mode does (a property test holds the two to the same text).
 *
 * @param label how the message names `value` itself, such as `args`
 * @param envelope how many levels of `value` are a container around the data that do not count toward
 *   {@link MAX_JSON_DEPTH}: 1 for the arguments of a call by name (`{ amountUsd, note }`, each nested at most
 *   `MAX_ARGUMENT_DEPTH` deep, as the runtime accepts them), 2 for a record holding them. Default 0.
 * @example
 * canonicalJson({ b: [1, { d: 2, c: 3 }], a: null }) // '{"a":null,"b":[1,{"c":3,"d":2}]}'
 * canonicalJson({ at: new Date() }, 'args') // throws: `args.at` is a Date: approvals store JSON data only
 */
export function canonicalJson(value: unknown, label = 'value', envelope = 0): string {
  return write(value, label, undefined, -envelope, new Set());
}

/**
 * A deep copy of `value` as JSON data, keys sorted: validated as {@link canonicalJson} does, so the same values are
 * refused with the same errors.
 */
export function toJsonData(value: unknown, label = 'value', envelope = 0): unknown {
  return JSON.parse(canonicalJson(value, label, envelope));
}

/** The JSON of `value`, found at `key` of the container at `parent` (or, with no key, the value `parent` names). */
function write(
  value: unknown,
  parent: Place | string,
  key: string | number | undefined,
  depth: number,
  ancestors: Set<object>,
): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (Number.isFinite(value)) return JSON.stringify(value);
      throw notJson(parent, key, `\`${String(value)}\`, not a finite number`);
    case 'bigint':
      throw notJson(parent, key, `a bigint (\`${value}n\`)`);
    case 'undefined':
      throw notJson(parent, key, '`undefined`');
    case 'symbol':
    case 'function':
      throw notJson(parent, key, describeValue(value));
    default:
      break;
  }
  if (value === null) return 'null';
  const object = value as object;
  if (ancestors.has(object)) throw notJson(parent, key, 'a circular reference');
  if (depth >= MAX_JSON_DEPTH) throw notJson(parent, key, `nested more than ${MAX_JSON_DEPTH} deep`);
  const place: Place | string = key === undefined ? parent : { parent, key };
  ancestors.add(object);
  try {
    return Array.isArray(object)
      ? writeArray(object, place, depth + 1, ancestors)
      : writeObject(object, place, depth + 1, ancestors);
  } finally {
    ancestors.delete(object);
  }
}

function writeArray(array: unknown[], place: Place | string, depth: number, ancestors: Set<object>): string {
  const proto: unknown = Object.getPrototypeOf(array);
  // An Array.prototype (of any realm) inherits from a root prototype; a subclass's prototype does not.
  if (proto === null || !isRootPrototype(Object.getPrototypeOf(proto))) {
    throw notJson(place, undefined, 'an array subclass');
  }
  let text = '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) text += ',';
    text += write(array[i], place, i, depth, ancestors);
  }
  return `${text}]`;
}

function writeObject(object: object, place: Place | string, depth: number, ancestors: Set<object>): string {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== null && !isRootPrototype(proto)) throw notJson(place, undefined, describeInstance(object));
  if (Object.getOwnPropertySymbols(object).length > 0) throw notJson(place, undefined, 'an object with symbol keys');
  const keys = Object.keys(object).sort();
  let text = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const item = (object as Record<string, unknown>)[key];
    if (item === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(key)}:${write(item, place, key, depth, ancestors)}`;
  }
  return `${text}}`;
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

/** How many steps of a path an error shows from its start, and from its end; the steps between are counted. */
const PATH_HEAD = 8;
const PATH_TAIL = 24;
/** The most characters of one key an error's path shows. */
const KEY_SHOWN = 100;

/**
 * The path of the value at `key` of `parent` (or of `parent` itself), as `args.items[2]["odd key"]`. Bounded, as
 * the value is hostile: at most {@link PATH_HEAD} + {@link PATH_TAIL} steps (the ones between are counted), each
 * key cut to {@link KEY_SHOWN} characters.
 */
function pathOf(parent: Place | string, key: string | number | undefined): string {
  const steps: (string | number)[] = key === undefined ? [] : [key];
  let place = parent;
  while (typeof place !== 'string') {
    steps.push(place.key);
    place = place.parent;
  }
  steps.reverse();
  const shown = (step: string | number): string => {
    if (typeof step === 'number') return `[${step}]`;
    if (IDENTIFIER.test(step) && step.length <= KEY_SHOWN) return `.${step}`;
    return `[${JSON.stringify(step.length <= KEY_SHOWN ? step : boundText(step, KEY_SHOWN))}]`;
  };
  if (steps.length <= PATH_HEAD + PATH_TAIL) return place + steps.map(shown).join('');
  const hidden = steps.length - PATH_HEAD - PATH_TAIL;
  const head = steps.slice(0, PATH_HEAD).map(shown).join('');
  const tail = steps.slice(-PATH_TAIL).map(shown).join('');
  return `${place}${head}…(${hidden} more)…${tail}`;
}

function notJson(parent: Place | string, key: string | number | undefined, what: string): BraneError {
  const path = pathOf(parent, key);
  return new BraneError(
    'INVALID_ARGUMENT',
    `\`${path}\` is ${what}: approvals store JSON data only (null, booleans, finite numbers, strings, arrays and plain objects)`,
    { details: { path } },
  );
}
