import type { Measurement } from '../measure.js';

/** A measurement's mean time per call, or a dash when it was not measured. */
export const ns = (m: Measurement | undefined): string => (m === undefined ? '—' : formatNs(m.avgNs));
/** A time in nanoseconds, in ns below 10 µs, else in µs. */
export const formatNs = (value: number): string =>
  value >= 10_000
    ? `${(value / 1000).toFixed(1)} µs`
    : value >= 100
      ? `${value.toFixed(0)} ns`
      : `${value.toFixed(1)} ns`;
/** `a / b` as `2.5×` (no decimal from 10×). */
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×`;
/** A markdown table. */
export const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** A rate of actions a second, rounded. */
export const perSecond = (value: number): string => `${Math.round(value).toLocaleString('en-US')} actions/s`;
