import { BraneError, describeValue } from '@brane/errors';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const WINDOW = /^([1-9][0-9]{0,9})(ms|s|m|h|d)$/;
/** The longest window: a year and a day. */
export const MAX_WINDOW_MS = 366 * 86_400_000;

/**
 * A window in milliseconds, from `'500ms'`, `'30s'`, `'10m'`, `'1h'`, `'24h'`, `'7d'`, or a whole number of
 * milliseconds. Anything else (`'1 hour'`, `'1w'`, `0`, a fraction, longer than 366 days) throws `INVALID_ARGUMENT`.
 *
 * @example
 * parseWindow('24h') // 86_400_000
 */
export function parseWindow(per: unknown, label = 'per'): number {
  let ms: number | undefined;
  if (typeof per === 'number') ms = Number.isSafeInteger(per) && per > 0 ? per : undefined;
  else if (typeof per === 'string') {
    const match = WINDOW.exec(per);
    if (match !== null) ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  }
  if (ms === undefined || ms > MAX_WINDOW_MS) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `\`${label}\` must be a window like '30s', '10m', '1h', '24h' or '7d' (units ms, s, m, h, d; at most 366d), or a whole number of milliseconds (got ${describeValue(per)})`,
      { details: { per: typeof per === 'string' ? per.slice(0, 60) : per } },
    );
  }
  return ms;
}
