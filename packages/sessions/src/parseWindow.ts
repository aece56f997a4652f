import { BraneError, describeValue } from '@brane/errors';

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A `within` window in milliseconds: a positive number of milliseconds, or a whole number and a unit (`'90s'`,
 * `'30m'`, `'1h'`, `'7d'`). Anything else is an `INVALID_ARGUMENT` error naming `where`.
 */
export function parseWindow(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  if (typeof value === 'string' && value.length >= 2 && value.length <= 12) {
    const unit = UNITS[value[value.length - 1] as string];
    const digits = value.slice(0, -1);
    let amount = 0;
    let valid = unit !== undefined;
    for (let i = 0; valid && i < digits.length; i++) {
      const code = digits.charCodeAt(i);
      valid = code >= 0x30 && code <= 0x39;
      amount = amount * 10 + (code - 0x30);
    }
    if (valid && amount > 0) return amount * (unit as number);
  }
  throw new BraneError(
    'INVALID_ARGUMENT',
    `${where}: \`within\` must be a duration such as '90s', '30m', '1h', '7d', or a number of milliseconds (got ${describeValue(value)})`,
  );
}
