/** Control, format (bidi overrides, zero-width) and line-separator characters. */
const HIDDEN = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/**
 * `value` as text a person can read without being fooled: a string as it is, anything else as JSON, and every
 * control, format (a bidi override, a zero-width space) or line-separator character shown as `\u{XXXX}`, so a
 * value an agent controls never reorders, hides or breaks the text around it. Markup escaping is the page
 * template's job (`hono/html`); pages pass every agent-controlled value through this first, as a string.
 *
 * @example
 * visibleText('refund\u202Etxt.exe'); // 'refund\\u{202E}txt.exe'
 */
export function visibleText(value: unknown): string {
  const text = typeof value === 'string' ? value : jsonText(value);
  return text.replace(
    HIDDEN,
    (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}}`,
  );
}

/** {@link visibleText}, cut to `max` characters with ` … [cut N characters]`. */
export function clippedText(value: unknown, max: number): string {
  const text = visibleText(value);
  return text.length <= max ? text : `${text.slice(0, max)} … [cut ${text.length - max} characters]`;
}

function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
