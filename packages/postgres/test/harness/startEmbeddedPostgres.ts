import { spawn } from 'node:child_process';
import * as path from 'node:path';

/** A running embedded PostgreSQL server (see embeddedServer.mjs). */
export interface EmbeddedPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 120_000;

/**
 * Starts an embedded PostgreSQL (PGlite) in a child process, served over the wire protocol on 127.0.0.1.
 * PGlite is a single session: open several connections if you must, but use one at a time.
 */
export async function startEmbeddedPostgres(): Promise<EmbeddedPostgres> {
  const script = path.join(__dirname, 'embeddedServer.mjs');
  const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      reject(new Error(`the embedded PostgreSQL did not start within ${START_TIMEOUT_MS} ms: ${stderr}`));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^(\{.*\})\n/m.exec(stdout)?.[1];
      if (line === undefined) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the embedded PostgreSQL exited (${code}) before it listened: ${stderr}`));
    });
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
