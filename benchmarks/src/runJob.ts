import { spawnSync } from 'node:child_process';

/** Runs one job (see jobs.ts) in a fresh process, with this process's Node flags, and returns its result. */
export function runJob(job: string, quick: boolean): unknown {
  process.stderr.write(`  ${job}...\n`);
  const args = [...process.execArgv, process.argv[1] as string, '--job', job, ...(quick ? ['--quick'] : [])];
  const child = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 2 ** 20,
  });
  if (child.status !== 0) throw new Error(`benchmark job ${job} failed (exit ${String(child.status ?? child.signal)})`);
  return JSON.parse(child.stdout) as unknown;
}

/**
 * Runs a job in `processes` fresh processes and keeps the best of each figure: for every measurement the
 * fastest, for every other number the smallest. Two processes running the same code on this machine were
 * seen to differ by a third (JIT decisions, a busy neighbour); the best of three is stable.
 */
export function runBestOf(job: string, processes: number, quick: boolean): unknown {
  const results = Array.from({ length: processes }, () => runJob(job, quick));
  return results.reduce((best, next) => keepBest(best, next));
}

function keepBest(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return Math.min(a, b);
  if (isMeasurement(a) && isMeasurement(b)) return b.avgNs < a.avgNs ? b : a;
  if (Array.isArray(a) && Array.isArray(b)) return a.map((item: unknown, i) => keepBest(item, b[i]));
  if (isRecord(a) && isRecord(b))
    return Object.fromEntries(Object.entries(a).map(([key, value]) => [key, keepBest(value, b[key])]));
  return a;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMeasurement(value: unknown): value is { readonly avgNs: number } {
  return isRecord(value) && typeof value['avgNs'] === 'number';
}
