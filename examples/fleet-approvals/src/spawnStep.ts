import { spawn } from 'node:child_process';

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
 * Runs one step of the demo as a node process of its own and waits for it, printing its output indented and
 * labelled with `label` and its pid (`quiet`: only if it failed). Asynchronous, so that this process (which may be serving the embedded
 * database) keeps answering meanwhile.
 */
export async function spawnStep(
  label: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  { quiet = false }: { readonly quiet?: boolean } = {},
): Promise<StepRun> {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), STEP_TIMEOUT_MS);
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      resolve(code);
    });
  }).finally(() => {
    clearTimeout(timer);
  });
  if (quiet && status === 0) return { pid: child.pid ?? 0, status, stdout };
  for (const line of output.split('\n').filter((text) => text !== ''))
    console.log(`    [${label}, pid ${child.pid ?? '?'}] ${line}`);
  return { pid: child.pid ?? 0, status, stdout };
}
