/** A token of SQL, as SQLite's tokenizer splits it. Whitespace and comments are not tokens. */
export interface SqlToken {
  /**
   * `word`: a keyword, bare identifier or number, lower-cased. `quoted`: a string literal or quoted identifier.
   * `symbol`: one punctuation character. `unterminated`: a quote or bracket that is never closed.
   */
  readonly kind: 'word' | 'quoted' | 'symbol' | 'unterminated';
  readonly text: string;
}

// SQLite's rules: whitespace is exactly these five characters, and every character from U+0080 up is part
// of an identifier. Using JavaScript's `\s` instead would let a character that SQLite reads as part of a
// word (U+00A0, say) split a word here, and the two tokenizers would disagree.
const WHITESPACE = /[ \t\n\f\r]+/y;
const WORD = /[A-Za-z0-9_$\u0080-\uffff]+/y;
const CLOSING: Readonly<Record<string, string>> = { "'": "'", '"': '"', '`': '`', '[': ']' };

/**
 * Splits `sql` into tokens the way SQLite reads it: a `--` comment runs to the end of the line, a block
 * comment to its closing `*` and `/` (or the end of the input), and a doubled quote inside a quoted token
 * is an escaped quote. What a comment or a string literal contains is never mistaken for a keyword.
 */
export function tokenizeSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let at = 0;
  while (at < sql.length) {
    const char = sql.charAt(at);
    const closing = CLOSING[char];
    if (matchAt(WHITESPACE, sql, at) > 0) {
      at += matchAt(WHITESPACE, sql, at);
    } else if (sql.startsWith('--', at)) {
      at = endOf(sql, '\n', at + 2);
    } else if (sql.startsWith('/*', at)) {
      at = endOf(sql, '*/', at + 2);
    } else if (closing !== undefined) {
      const end = quotedEnd(sql, closing, at + 1);
      tokens.push({ kind: end === undefined ? 'unterminated' : 'quoted', text: sql.slice(at, end) });
      at = end ?? sql.length;
    } else if (matchAt(WORD, sql, at) > 0) {
      const length = matchAt(WORD, sql, at);
      tokens.push({ kind: 'word', text: sql.slice(at, at + length).toLowerCase() });
      at += length;
    } else {
      tokens.push({ kind: 'symbol', text: char });
      at += 1;
    }
  }
  return tokens;
}

function matchAt(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0].length ?? 0;
}

/** The index just past `terminator`, searching from `from`; the end of `text` when there is none. */
function endOf(text: string, terminator: string, from: number): number {
  const index = text.indexOf(terminator, from);
  return index === -1 ? text.length : index + terminator.length;
}

/** The index just past the quote closing a token that opened before `from`, or `undefined`. */
function quotedEnd(text: string, closing: string, from: number): number | undefined {
  let at = from;
  for (;;) {
    const index = text.indexOf(closing, at);
    if (index === -1) return undefined;
    // `[...]` has no escape; in the others a doubled quote stands for one quote.
    if (closing !== ']' && text.startsWith(closing, index + 1)) at = index + 2;
    else return index + 1;
  }
}
