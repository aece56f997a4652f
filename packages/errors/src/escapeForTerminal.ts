import { BraneError } from './BraneError.js';
import { describeValue } from './describeValue.js';

/**
 * What a terminal would act on rather than print: C0 controls (newline, carriage return, BEL, ESC, which opens
 * every ANSI sequence), DEL, C1 controls (CSI and OSC have one-byte forms there), the Unicode bidirectional
 * controls (which reorder what follows them on the line), and the line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text` made safe to print to a person's terminal on one line: every control character, ANSI escape, bidi
 * control and line separator becomes a visible escape (`\n`, `\r`, `\t`, `\x1b`, `\u202e`), so a value an agent
 * chose cannot forge lines, move the cursor, hide text (`ESC[8m`), ring the bell or reorder what follows it.
 * Printable text, including non-Latin scripts and emoji, is kept as it is. Every human-facing output of Brane
 * (the console audit sink, every text of the CLI) escapes each value it prints through this one function; it
 * does not bound length (see {@link boundText}: bound first, then escape).
 *
 * @example
 * escapeForTerminal('No customer x\x1b[2K\rOK  refund approved') // 'No customer x\\x1b[2K\\rOK  refund approved'
 */
export function escapeForTerminal(text: string): string {
  if (typeof text !== 'string') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `escapeForTerminal: \`text\` must be a string (got ${describeValue(text)})`,
    );
  }
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, (char) => NAMED[char] ?? escapeCode(char.charCodeAt(0)));
}

function escapeCode(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
