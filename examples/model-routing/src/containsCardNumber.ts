/**
 * 13 to 19 digits, optionally grouped by single spaces or dashes (`4111 1111 1111 1111`,
 * `4111-1111-1111-1111`, `378282246310005`), not inside a longer run of digits.
 */
const CARD_NUMBER = /(?<![\d])\d(?:[ -]?\d){12,18}(?![\d])/;

/**
 * Whether `text` looks like it holds a payment card number. Deliberately simple and eager: no Luhn check,
 * so a long order number counts too. A false positive only sends a prompt to the local model.
 */
export function containsCardNumber(text: string): boolean {
  return CARD_NUMBER.test(text);
}
