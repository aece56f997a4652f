import { POSTGRES_WORKERS, REDIS_IN_FLIGHT, type LimitsResults, type ReservationRate } from '../suites/limitsSuite.js';
import type { TargetResult } from './targets.js';

const rate = (result: ReservationRate): string =>
  result.ran ? `${result.perSecond.toFixed(0)} a second (${result.where})` : `not run: ${result.reason}`;

/** The targets of the limits issue, from this run. */
export function limitTargets(limits: LimitsResults): TargetResult[] {
  const overhead = limits.limitCost.overheadNs;
  return [
    {
      name: 'Governed sync call with one in-memory `count` limit',
      target: 'at most 250 ns over the same call without the limit',
      measured: `${overhead.toFixed(0)} ns over, ×${limits.limitCost.ratio.toFixed(1)} (${limits.limited.avgNs.toFixed(0)} ns vs ${limits.unlimited.avgNs.toFixed(0)} ns; medians ${limits.limitCost.p50OverheadNs.toFixed(0)} ns apart; in CPU time ${limits.limitCost.cpu.overheadNs.toFixed(0)} ns over)`,
      met: overhead <= 250,
    },
    {
      name: `Redis reservation, one process, ${REDIS_IN_FLIGHT} in flight`,
      target: 'at least 20,000 reservations a second',
      measured: rate(limits.redis),
      met: limits.redis.ran && limits.redis.perSecond >= 20_000,
    },
    {
      name: `PostgreSQL reservation, ${POSTGRES_WORKERS} workers`,
      target: 'report',
      measured: rate(limits.postgres),
      met: limits.postgres.ran,
    },
  ];
}

/** The limits section of BENCHMARKS.md. */
export function renderLimits(limits: LimitsResults): string {
  return `| case | time or rate |
| --- | --- |
| ${limits.unlimited.name} | ${limits.unlimited.avgNs.toFixed(0)} ns |
| ${limits.limited.name} | ${limits.limited.avgNs.toFixed(0)} ns: ${limits.limitCost.overheadNs.toFixed(0)} ns over the call without it (×${limits.limitCost.ratio.toFixed(1)}), measured in the same run |
| the same pair in CPU time (\`process.cpuUsage\`) | ${limits.limitCost.cpu.unlimitedNs.toFixed(0)} ns without, ${limits.limitCost.cpu.limitedNs.toFixed(0)} ns with: ${limits.limitCost.cpu.overheadNs.toFixed(0)} ns over |
| \`RedisLimitStore.reserve\`, ${REDIS_IN_FLIGHT} in flight | ${rate(limits.redis)} |
| \`PostgresLimitStore.reserve\`, ${POSTGRES_WORKERS} workers (a pool of ${POSTGRES_WORKERS}) | ${rate(limits.postgres)} |`;
}
