import { BraneError, boundText } from '@brane/errors';

/** The most characters of a Brane error's message copied into a failure's message. */
const MAX_THROWN_LENGTH = 500;
/** Control and line-separator characters, which could forge log lines or hide text from a reader. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/** Where the thrown value is, for a message that does not quote it. */
const WHERE = 'it is `error.cause.cause`; its message is not copied here, as it may quote secrets';

/**
 * What a policy threw, as one bounded line for the message of its failure. A `BraneError` (such as
 * `ctx.arg` of an argument the capability does not have) is quoted with its code: Brane wrote that message and
 * it names the mistake (`BraneError (UNKNOWN_ARGUMENT): ... (its arguments: customerId, amountUsd)`). Any
 * other error is named by its class only (`TypeError; it is error.cause.cause ...`): its message may quote a
 * secret (a connection string, an argument) and the caller's error must not carry it. Control characters are
 * escaped (`\n` becomes `\u000a`), so a message cannot add lines to a log.
 */
export function thrownText(thrown: unknown): string {
  let line: string;
  try {
    if (thrown instanceof BraneError) {
      const message: unknown = thrown.message;
      line = `${thrown.name} (${thrown.code}): ${typeof message === 'string' ? message : 'a message that is not text'}`;
    } else if (thrown instanceof Error) {
      const name: unknown = thrown.name;
      line = `${typeof name === 'string' && name.length <= 64 ? name : 'an Error'}; ${WHERE}`;
    } else {
      line = `a value that is not an Error; ${WHERE}`;
    }
  } catch {
    line = `an error whose name or message cannot be read; ${WHERE}`;
  }
  line = line.replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return boundText(line, MAX_THROWN_LENGTH);
}
