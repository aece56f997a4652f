/**
 * How error messages name a value: short, unambiguous and never the whole value (a value may be a secret or
 * huge). Strings are quoted and cut at 60 characters; objects are named by their class.
 *
 * @example
 * describeValue('alow')   // "`\"alow\"`"
 * describeValue(NaN)      // "`NaN`"
 * describeValue(new Map()) // "an instance of `Map`"
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return `\`${JSON.stringify(cut)}\``;
  }
  if (typeof value === 'function') return `a function${value.name ? ` \`${value.name}\`` : ''}`;
  if (typeof value === 'symbol') return `\`${value.toString()}\``;
  if (value === null || typeof value !== 'object') return `\`${String(value)}\``;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return 'a plain object';
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? `an instance of \`${name}\`` : 'an object';
}
