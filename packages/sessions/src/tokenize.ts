/** The longest string value fingerprinted (and probed) whole, besides its tokens. */
export const MAX_WHOLE_VALUE = 4096;
/** A token of at least this many characters counts even when made only of letters. */
export const LONG_TOKEN = 24;

// Character classes, by UTF-16 code unit: a word char, a separator (ends a word), or a part break (ends a part
// within a word). One table lookup per character: linear in the input, no regular expression, no backtracking.
const WORD = 0;
const SEPARATOR = 1;
const BREAK = 2;
const ASCII = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  if (code <= 0x20 || code === 0x7f || '"\'`()[]{}<>,;|\\'.includes(String.fromCharCode(code))) ASCII[code] = SEPARATOR;
  else if (':/=&?#!*^'.includes(String.fromCharCode(code))) ASCII[code] = BREAK;
}
/** Trimmed from both ends of a word or part (sentence punctuation, leading dashes, handles' `@`): 1 by ASCII code. */
const TRIM = new Uint8Array(128);
for (const char of '.-_~+@:/=&?#!*^') TRIM[char.charCodeAt(0)] = 1;
const trims = (code: number): boolean => code < 128 && TRIM[code] === 1;

function classOf(code: number): number {
  if (code < 128) return ASCII[code] as number;
  // C1 controls, no-break and typographic spaces, zero-width characters, line and paragraph separators, BOM.
  if (code <= 0x9f || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200f)) return SEPARATOR;
  if (code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000) return SEPARATOR;
  return code === 0xfeff ? SEPARATOR : WORD;
}

function isLetter(code: number): boolean {
  // ASCII letters, and any character beyond ASCII that is not a separator (letters of other scripts).
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code >= 128;
}

/**
 * Whether `text[start, end)` is identifier-like enough to fingerprint from an output: at least `minLength`
 * characters, and a digit or symbol in it (account numbers, emails, keys, phone numbers), or at least
 * {@link LONG_TOKEN} characters. Ordinary words are not fingerprinted: they would taint ordinary prose.
 */
function isDistinctive(text: string, start: number, end: number, minLength: number): boolean {
  const length = end - start;
  if (length < minLength) return false;
  if (length >= LONG_TOKEN) return true;
  for (let i = start; i < end; i++) if (!isLetter(text.charCodeAt(i))) return true;
  return false;
}

/**
 * Calls `visit` with each token of `text`, in one pass: the whole value (trimmed of whitespace, up to
 * {@link MAX_WHOLE_VALUE} characters), each word (a maximal run between separators: whitespace, control
 * characters, quotes, brackets, `,;|\`), and each part of a word split at `: / = & ? # ! * ^` (the pieces of a
 * URL or a `key=value`). Words and parts are trimmed of `. - _ ~ + @` and the break characters at both ends.
 *
 * `distinctiveOnly` (outputs): only tokens {@link isDistinctive}. Otherwise (arguments, probed for tainted
 * values): every token of at least `minLength` characters.
 */
export function forEachToken(
  text: string,
  minLength: number,
  distinctiveOnly: boolean,
  visit: (token: string) => void,
): void {
  const emit = (start: number, end: number): void => {
    while (start < end && trims(text.charCodeAt(start))) start++;
    while (end > start && trims(text.charCodeAt(end - 1))) end--;
    if (end - start < minLength) return;
    if (distinctiveOnly && !isDistinctive(text, start, end, minLength)) return;
    visit(text.slice(start, end));
  };
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  if (end - start <= MAX_WHOLE_VALUE && end - start >= minLength) {
    if (!distinctiveOnly || isDistinctive(text, start, end, minLength)) visit(text.slice(start, end));
  }
  let wordStart = -1;
  let partStart = -1;
  let broken = false;
  for (let i = 0; i <= text.length; i++) {
    const kind = i === text.length ? SEPARATOR : classOf(text.charCodeAt(i));
    if (kind === SEPARATOR) {
      if (wordStart >= 0) {
        emit(wordStart, i);
        if (broken) emit(partStart, i);
      }
      wordStart = -1;
      broken = false;
      continue;
    }
    if (wordStart < 0) {
      wordStart = i;
      partStart = i;
    }
    if (kind === BREAK) {
      if (i > partStart) emit(partStart, i);
      partStart = i + 1;
      broken = true;
    }
  }
}
