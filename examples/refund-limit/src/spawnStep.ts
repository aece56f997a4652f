import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** A step that has not ended by then is killed (and the demo fails). */
const STEP_TIMEOUT_MS = 120_000;

/** How a step process ended. */
export interface StepRun {
  readonly pid: number;
  /** The exit code (`null` if a signal ended it). */
  readonly status: number | null;
  readonly stdout: string;
}

/**
 * Runs step `entry` of the demo as a new node process and waits for it, printing its output indented and
 * labelled with its pid. The step is the bundle `<entry>.entry.mjs` next to the running script, where
 * `scripts/run-examples.mjs` puts every `src/*.entry.ts` of an example.
 */
export function spawnStep(entry: string, args: readonly string[]): StepRun {
  const script = path.join(path.dirname(process.argv[1] ?? '.'), `${entry}.entry.mjs`);
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: STEP_TIMEOUT_MS });
  if (result.error !== undefined) throw result.error;
  const output = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line !== '');
  for (const line of output) console.log(`    [pid ${result.pid}] ${line}`);
  return { pid: result.pid, status: result.status, stdout: result.stdout };
}
