/**
 * One problem an {@link OptionSchema} found: where (`path`), what (`code`, `message`) and the value it saw.
 * The codes and messages follow zod's, which validated options before (`expected number, received NaN`).
 */
export interface OptionIssue {
  readonly code:
    | 'invalid_type'
    | 'invalid_value'
    | 'invalid_format'
    | 'invalid_union'
    | 'too_small'
    | 'too_big'
    | 'custom'
    | 'unrecognized_keys';
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly input: unknown;
  /** The unknown keys, for `unrecognized_keys`. */
  readonly keys?: readonly string[];
}

/** Checks a value and returns what the options keep (objects and arrays are copied); problems go to `issues`. */
type Run = (value: unknown, path: readonly PropertyKey[], issues: OptionIssue[]) => unknown;
/** A check on a value of the right type: its problem's code and message, or `undefined` when it holds. */
type Check<T> = (value: T) => readonly [OptionIssue['code'], string] | undefined;

/** The type of the values a schema accepts. */
export type OptionOutput<S> = S extends OptionSchema<infer T> ? T : never;
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

/**
 * A small validator for options (the runtime's, a capability's, a policy's): a type check, then checks that
 * each add a problem, and refinements that run only on a value without problems. It replaces zod, which
 * made up half of a bundled app; {@link parseOptions} turns its problems into one `ConfigurationError`.
 */
export class OptionSchema<T> {
  declare readonly output: T;
  /** @internal */
  constructor(
    private readonly type: Run,
    private readonly checks: readonly { readonly refine: boolean; readonly check: Check<T> }[] = [],
  ) {}

  /** Checks `value`, adding each problem to `issues`, and returns what the options keep. */
  run(value: unknown, path: readonly PropertyKey[], issues: OptionIssue[]): T {
    const before = issues.length;
    const output = this.type(value, path, issues);
    if (issues.length > before) return output as T;
    for (const { refine, check } of this.checks) {
      if (refine && issues.length > before) break;
      const problem = check(output as T);
      if (problem !== undefined) issues.push({ code: problem[0], path, message: problem[1], input: value });
    }
    return output as T;
  }

  /** Whether `value` has the type this schema checks (its other checks aside). */
  hasType(value: unknown): boolean {
    const issues: OptionIssue[] = [];
    this.type(value, [], issues);
    return issues.length === 0;
  }

  /** Also accepts `undefined`. */
  optional(): OptionSchema<T | undefined> {
    return new OptionSchema((value, path, issues) => (value === undefined ? undefined : this.run(value, path, issues)));
  }

  /** Adds a check that runs when the value has no other problem; `message` says what it must be. */
  refine(holds: (value: T) => boolean, message = 'Invalid input'): this {
    return this.with((value) => (holds(value) ? undefined : ['custom', message]), true);
  }

  /** This schema with one more check. */
  protected with(check: Check<T>, refine = false): this {
    const Schema = this.constructor as new (type: Run, checks: OptionSchema<T>['checks']) => this;
    return new Schema(this.type, [...this.checks, { refine, check }]);
  }
}

/** A string schema, with length and pattern checks. */
export class StringSchema extends OptionSchema<string> {
  /** At least `length` characters. */
  min(length: number): this {
    return this.with((value) =>
      value.length >= length ? undefined : ['too_small', `Too small: expected string to have >=${length} characters`],
    );
  }

  /** At most `length` characters. */
  max(length: number): this {
    return this.with((value) =>
      value.length <= length ? undefined : ['too_big', `Too big: expected string to have <=${length} characters`],
    );
  }

  /** Matches `pattern` (which must not be global or sticky); `message` says what it must be. */
  regex(pattern: RegExp, message: string): this {
    return this.with((value) => (pattern.test(value) ? undefined : ['invalid_format', message]));
  }
}

/** A finite number schema, with integer and range checks. */
export class NumberSchema extends OptionSchema<number> {
  /** A whole number. */
  int(): this {
    return this.with((value) =>
      Number.isSafeInteger(value) ? undefined : ['invalid_type', 'expected int, received number'],
    );
  }

  /** Above zero. */
  positive(): this {
    return this.with((value) => (value > 0 ? undefined : ['too_small', 'Too small: expected number to be >0']));
  }

  /** At least `bound`. */
  min(bound: number): this {
    return this.with((value) =>
      value >= bound ? undefined : ['too_small', `Too small: expected number to be >=${bound}`],
    );
  }

  /** At most `bound`. */
  max(bound: number): this {
    return this.with((value) =>
      value <= bound ? undefined : ['too_big', `Too big: expected number to be <=${bound}`],
    );
  }
}

/** An array schema, with length checks. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the items' type, for the output
export class ArraySchema<T> extends OptionSchema<T[]> {
  /** At least `length` items; `message` replaces the default. */
  min(length: number, message = `Too small: expected array to have >=${length} items`): this {
    return this.with((value) => (value.length >= length ? undefined : ['too_small', message]));
  }

  /** At most `length` items. */
  max(length: number): this {
    return this.with((value) =>
      value.length <= length ? undefined : ['too_big', `Too big: expected array to have <=${length} items`],
    );
  }
}

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

/** An object with exactly the keys of `shape` (an unknown key is a problem); the keys given are copied. */
function strictObject<S extends Shape>(shape: S): OptionSchema<ObjectOutput<S>> {
  return new OptionSchema((value, path, issues) => {
    if (!isObject(value)) return typed('object', () => false)(value, path, issues);
    const output: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(shape)) {
      const item: unknown = schema.run(value[key], [...path, key], issues);
      if (key in value) output[key] = item;
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
