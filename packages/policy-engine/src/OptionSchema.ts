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

/**
 * Checks a value and returns what the options keep (objects and arrays are copied); problems go to `issues`.
 *
 * @internal
 */
export type Run = (value: unknown, path: readonly PropertyKey[], issues: OptionIssue[]) => unknown;
/**
 * A check on a value of the right type: its problem's code and message, or `undefined` when it holds. Used by the
 * option schemas of the Brane packages; not meant for your own code.
 */
export type Check<T> = (value: T) => readonly [OptionIssue['code'], string] | undefined;

/** The type of the values a schema accepts. */
export type OptionOutput<S> = S extends OptionSchema<infer T> ? T : never;
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
