/** A text cut to a bound, and whether it was cut. */
export interface BoundText {
  readonly text: string;
  readonly cut: boolean;
}

/**
 * Cuts `text` to at most `max` characters (never splitting a surrogate pair), saying how much was cut, so
 * that a reason quoting a 5 MB argument never becomes a 5 MB response.
 */
export function boundText(text: string, max: number): BoundText {
  if (text.length <= max) return { text, cut: false };
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: `${text.slice(0, end)}… [cut: ${text.length - end} more characters]`, cut: true };
}
