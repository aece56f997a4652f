import { boundText, describeValue } from '@brane/errors';

/** The most characters of a thrown error's message copied into a failure's message. */
const MAX_THROWN_LENGTH = 500;
/** Control and line-separator characters, which could forge log lines or hide text from a reader. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * What a policy threw, as one bounded line for the message of its failure: `TypeError: x is undefined`,
 * `BraneError (UNKNOWN_ARGUMENT): ...`, or a description of a thrown non-error. Control characters are escaped
 * (`\n` becomes `\u000a`), so a message built from hostile input cannot add lines to a log.
 */
export function thrownText(thrown: unknown): string {
  let line: string;
  try {
    if (!(thrown instanceof Error)) return `a non-error, ${describeValue(thrown)}`;
    const { code, name, message } = thrown as Error & { code?: unknown };
    const label = `${typeof name === 'string' ? name : 'Error'}${typeof code === 'string' && code.length <= 64 ? ` (${code})` : ''}`;
    line = `${label}: ${typeof message === 'string' ? message : describeValue(message)}`;
  } catch {
    line = 'an error whose name or message cannot be read';
  }
  line = line.replace(UNPRINTABLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return boundText(line, MAX_THROWN_LENGTH);
}
