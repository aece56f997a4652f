import { describeValue } from '@brane/errors';
import { OptionSchema, type OptionIssue, type OptionOutput, type Run } from '../OptionSchema.js';
import { inheritedFromClass } from '../inheritedFromClass.js';
import { ArraySchema } from './ArraySchema.js';
import { NumberSchema } from './NumberSchema.js';
import { StringSchema } from './StringSchema.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: `OptionSchema<T>` is invariant in `T`
type AnySchema = OptionSchema<any>;
type Shape = Readonly<Record<string, AnySchema>>;
type Flatten<T> = { [K in keyof T]: T[K] } & {};
/** The output of a strict object: keys whose schema accepts `undefined` are optional. */
export type ObjectOutput<S extends Shape> = Flatten<
  { -readonly [K in keyof S as undefined extends OptionOutput<S[K]> ? never : K]: OptionOutput<S[K]> } & {
    -readonly [K in keyof S as undefined extends OptionOutput<S[K]> ? K : never]?: OptionOutput<S[K]>;
  }
>;

/** The type zod names for a value in `expected string, received …`. */
function received(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

/** A type check: `expected` names the type. */
function typed(expected: string, is: (value: unknown) => boolean): Run {
  return (value, path, issues) => {
    if (!is(value))
      issues.push({
        code: 'invalid_type',
        path,
        message: `expected ${expected}, received ${received(value)}`,
        input: value,
      });
    return value;
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What `value` is when its fields cannot be options (a promise, a `Map`, a `Set`), else `undefined`. */
function notFields(value: object): string | undefined {
  if (typeof (value as { then?: unknown }).then === 'function') return 'a promise (await it first)';
  if (value instanceof Map || value instanceof Set) return describeValue(value);
  return undefined;
}

/** A string. */
function string(): StringSchema {
  return new StringSchema(typed('string', (value) => typeof value === 'string'));
}

/** A finite number. */
function number(): NumberSchema {
  return new NumberSchema(typed('number', Number.isFinite));
}

/** A boolean. */
function boolean(): OptionSchema<boolean> {
  return new OptionSchema(typed('boolean', (value) => typeof value === 'boolean'));
}

/** A function. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- any function, checked by `typeof`
function fn(): OptionSchema<Function> {
  return new OptionSchema(typed('function', (value) => typeof value === 'function'));
}

/** Any value. */
function unknown(): OptionSchema<unknown> {
  return new OptionSchema((value) => value);
}

/** One of `values`. */
function enumOf<const V extends readonly (string | number)[]>(values: V): OptionSchema<V[number]> {
  const message = `expected one of ${values.map((value) => JSON.stringify(value)).join('|')}`;
  return new OptionSchema((value, path, issues) => {
    if (!values.includes(value as V[number])) issues.push({ code: 'invalid_value', path, message, input: value });
    return value;
  });
}

/** Exactly `expected`. */
function literal<const V extends string | number | boolean>(expected: V): OptionSchema<V> {
  return new OptionSchema((value, path, issues) => {
    if (value !== expected)
      issues.push({ code: 'invalid_value', path, message: `expected ${JSON.stringify(expected)}`, input: value });
    return value;
  });
}

/** A value `holds` accepts; `message` says what it must be. */
function custom<T>(holds: (value: unknown) => boolean, message = 'Invalid input'): OptionSchema<T> {
  return new OptionSchema((value, path, issues) => {
    if (!holds(value)) issues.push({ code: 'custom', path, message, input: value });
    return value;
  });
}

/** An instance of `Class`. */
function instanceOf<T>(Class: abstract new (...args: never[]) => T, message?: string): OptionSchema<T> {
  return custom((value) => value instanceof Class, message ?? `Input not instance of ${Class.name}`);
}

/** An array whose items `item` accepts; the array is copied. */
function array<T>(item: OptionSchema<T>): ArraySchema<T> {
  return new ArraySchema((value, path, issues) => {
    if (!Array.isArray(value)) return typed('array', () => false)(value, path, issues);
    return value.map((element, index) => item.run(element, [...path, index], issues));
  });
}

/** An object with string keys and any values (not an array); its own enumerable keys are copied. */
function record(): OptionSchema<Record<string, unknown>> {
  return new OptionSchema((value, path, issues) => {
    if (!isObject(value)) return typed('record', () => false)(value, path, issues);
    return { ...value };
  });
}

/**
 * An object with exactly the keys of `shape` (an unknown key is a problem); the keys given are copied. Only its own
 * keys are read: a field inherited from `Object.prototype` (polluted) is never an option, and one a class or
 * `Object.create` puts on a prototype is a problem, not silently dropped. A promise (overrides not awaited) and a
 * `Map` or `Set` (entries that are not fields) are refused rather than read as no options at all.
 */
function strictObject<S extends Shape>(shape: S): OptionSchema<ObjectOutput<S>> {
  return new OptionSchema((value, path, issues) => {
    if (!isObject(value)) return typed('object', () => false)(value, path, issues);
    const wrong = notFields(value);
    if (wrong !== undefined) {
      issues.push({
        code: 'invalid_type',
        path,
        message: `expected an object of options, received ${wrong}`,
        input: value,
      });
      return value;
    }
    const output: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(shape)) {
      if (Object.hasOwn(value, key)) output[key] = schema.run(value[key], [...path, key], issues);
      else if (inheritedFromClass(value, key)) {
        issues.push({
          code: 'invalid_type',
          path: [...path, key],
          message: 'is inherited from a prototype: options are read from own fields only',
          input: undefined,
        });
      } else schema.run(undefined, [...path, key], issues);
    }
    const unknownKeys = Object.keys(value).filter((key) => !Object.hasOwn(shape, key));
    if (unknownKeys.length > 0) {
      const message = `Unrecognized key${unknownKeys.length > 1 ? 's' : ''}: ${unknownKeys.map((key) => JSON.stringify(key)).join(', ')}`;
      issues.push({ code: 'unrecognized_keys', path, message, input: value, keys: unknownKeys });
    }
    return output;
  });
}

/**
 * A value one of `options` accepts. When none does, the problems of the one option whose type matched are
 * reported (a string that is too short, a refinement), else `Invalid input`.
 */
function union<O extends readonly AnySchema[]>(options: O): OptionSchema<OptionOutput<O[number]>> {
  return new OptionSchema((value, path, issues) => {
    const matched: OptionIssue[][] = [];
    for (const option of options) {
      const found: OptionIssue[] = [];
      const output: unknown = option.run(value, path, found);
      if (found.length === 0) return output;
      if (option.hasType(value)) matched.push(found);
    }
    const [only] = matched;
    if (matched.length === 1 && only !== undefined) issues.push(...only);
    else issues.push({ code: 'invalid_union', path, message: 'Invalid input', input: value });
    return value;
  });
}

/** Builds {@link OptionSchema}s: `option.strictObject({ wait: option.boolean().optional() })`. */
export const option = {
  string,
  number,
  boolean,
  function: fn,
  unknown,
  enum: enumOf,
  literal,
  custom,
  instanceOf,
  array,
  record,
  strictObject,
  union,
} as const;
