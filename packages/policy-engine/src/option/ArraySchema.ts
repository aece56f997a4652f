import { OptionSchema } from '../OptionSchema.js';

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
