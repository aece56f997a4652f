import { OptionSchema } from '../OptionSchema.js';

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
