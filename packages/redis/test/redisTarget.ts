import { spawnSync } from 'node:child_process';

/**
 * The Redis the tests use: `BRANE_TEST_REDIS_URL`, else redis://127.0.0.1:6379, when it answers `PING`;
 * otherwise why not. Asked synchronously (in a child process), so that a suite can decide whether to run.
 */
export function redisTarget(): { readonly url: string } | { readonly skipped: string } {
  const url = process.env['BRANE_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const { hostname, port } = new URL(url);
  const probe = `
    const socket = require('node:net').connect(${Number(port || 6379)}, ${JSON.stringify(hostname)});
    socket.setTimeout(1000, () => { console.error('timed out'); process.exit(1); });
    socket.on('connect', () => socket.write('PING\\r\\n'));
    socket.on('data', (data) => process.exit(String(data).startsWith('+PONG') ? 0 : (console.error(String(data).trim()), 1)));
    socket.on('error', (error) => { console.error(error.message); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 5000 });
  if (result.status === 0) return { url };
  return {
    skipped: `no Redis answers PING at ${url} (${(result.stderr || 'no answer').trim()}); set BRANE_TEST_REDIS_URL or start redis-server`,
  };
}
