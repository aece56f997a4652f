// An embedded PostgreSQL (PGlite, PostgreSQL compiled to WebAssembly) served over the wire protocol on
// 127.0.0.1, so that tests without a PostgreSQL server still run the code under test through `pg`.
// Run as its own process (PGlite cannot load inside jest's module sandbox): prints `{"port":N}` once it
// listens, and stops, deleting its data, when its standard input closes (the parent ended or died).
//
// A fresh database costs an initdb (several seconds in WebAssembly), so the first run makes a template
// data directory in the system's temporary directory; later runs copy it (well under a second).
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/** The template's directory, named after the PGlite build that made it. */
function templateDirectory() {
  const module = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const key = createHash('sha256')
    .update(`${module}:${statSync(module).mtimeMs}`)
    .digest('hex')
    .slice(0, 16);
  return join(tmpdir(), `brane-pglite-template-${key}`);
}

async function ensureTemplate(template) {
  try {
    statSync(join(template, 'PG_VERSION'));
    return;
  } catch {
    // made below
  }
  const building = mkdtempSync(`${template}.building-`);
  const db = await PGlite.create(building);
  await db.close();
  try {
    renameSync(building, template); // atomic: another process racing to make it either wins or loses whole
  } catch {
    rmSync(building, { recursive: true, force: true });
  }
}

const template = templateDirectory();
await ensureTemplate(template);
const data = mkdtempSync(join(tmpdir(), 'brane-pglite-'));
cpSync(template, data, { recursive: true });
const db = await PGlite.create(data);
// Several connections may be open, but PGlite is one session: use one at a time (tests that need several at
// once run only on a real server).
const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 16 });
await server.start();
const port = Number(server.getServerConn().split(':').pop());
process.stdout.write(`${JSON.stringify({ port })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  await db.close().catch(() => undefined);
  rmSync(data, { recursive: true, force: true });
  process.exit(0);
}
process.stdin.on('end', () => void stop());
process.stdin.on('error', () => void stop());
process.stdin.resume();
process.on('SIGTERM', () => void stop());
