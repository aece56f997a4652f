import { OptionSchema } from '../OptionSchema.js';

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
