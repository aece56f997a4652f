import { BraneError } from './BraneError.js';
import { describeValue } from './describeValue.js';

/**
 * The most characters (UTF-16 code units, as `String#length` counts them) of a reason or message that Brane
 * copies: into a `Decision`, an error, an approval record, an audit event, a tool result, the CLI. A longer
 * text keeps its first `MAX_TEXT_LENGTH` characters and ends with a marker saying how many were cut.
 */
export const MAX_TEXT_LENGTH = 2_000;

/** The longest marker {@link boundText} appends (` … [cut 4,998,012 characters]` is 30). */
export const MAX_CUT_MARKER_LENGTH = 64;
/** A marker {@link boundText} wrote, at the very end of a text. */
const MARKER = / … \[cut ([\d,]{1,30}) characters?\]$/;
const GROUPED = new Intl.NumberFormat('en-US');

/**
 * `text` when it has at most `limit` characters; otherwise its first `limit` characters (one fewer when the
 * last would split a surrogate pair, so a cut text is always well-formed where the original was) followed by
 * ` … [cut N characters]`. Cutting a text that already ends with that marker adds to its count, so a message
 * composed around a cut reason, and cut again, still says how much of the original is missing; and
 * `boundText(boundText(x)) === boundText(x)`.
 *
 * Every reason and message Brane copies goes through this one function, so no copy of a policy's reason or
 * of an error message is ever more than `limit` characters plus the marker, and each is a prefix of the text
 * it was made from.
 *
 * @example
 * boundText('No customer ' + fiveMegabyteId) // 'No customer xxxx… … [cut 4,998,012 characters]'
 */
export function boundText(text: string, limit: number = MAX_TEXT_LENGTH): string {
  if (typeof text !== 'string') {
    throw new BraneError('INVALID_ARGUMENT', `boundText: \`text\` must be a string (got ${describeValue(text)})`);
  }
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `boundText: \`limit\` must be a whole number of characters, 0 or more (got ${describeValue(limit)})`,
    );
  }
  if (text.length <= limit) return text;
  let body = text;
  let alreadyCut = 0;
  const tail = text.slice(-MAX_CUT_MARKER_LENGTH);
  const marker = MARKER.exec(tail);
  if (marker !== null) {
    body = text.slice(0, text.length - marker[0].length);
    alreadyCut = Number((marker[1] as string).replaceAll(',', ''));
    if (body.length <= limit) return text;
  }
  let keep = limit;
  if (keep > 0 && isHighSurrogate(body.charCodeAt(keep - 1)) && isLowSurrogate(body.charCodeAt(keep))) keep -= 1;
  return `${body.slice(0, keep)}${cutMarker(body.length - keep + alreadyCut)}`;
}

/** The marker for `count` characters cut: ` … [cut 1 character]`, ` … [cut 4,998,012 characters]`. */
function cutMarker(count: number): string {
  return ` … [cut ${GROUPED.format(count)} character${count === 1 ? '' : 's'}]`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
