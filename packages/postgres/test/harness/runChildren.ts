import { spawn } from 'node:child_process';

/**
 * Starts `count` node processes running `bundle` with `args`; once every one has printed `ready`, tells them all
 * to go at once (a line on stdin), and resolves with the JSON each printed last.
 */
export async function runChildren(bundle: string, count: number, args: readonly string[]): Promise<unknown[]> {
  const children = Array.from({ length: count }, () => spawn(process.execPath, [bundle, ...args]));
  const outputs = children.map((child) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (): void => {
        if (!stdout.includes('ready\n')) return;
        child.stdout.off('data', onData);
        resolve();
      };
      child.stdout.on('data', onData);
      child.once('close', () => {
        reject(new Error(`child exited before it was ready: ${stderr}`));
      });
    });
    const exited = new Promise<unknown>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        const last = stdout.trim().split('\n').pop() ?? '';
        if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last));
        else reject(new Error(`child exited with ${code}: ${stderr || stdout}`));
      });
    });
    return { ready, exited };
  });
  await Promise.all(outputs.map((output) => output.ready));
  for (const child of children) child.stdin.end('go\n');
  return Promise.all(outputs.map((output) => output.exited));
}
