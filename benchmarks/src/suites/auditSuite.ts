import { closeSync, fsyncSync, mkdtempSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as crypto from 'node:crypto';
import {
  JsonlFileSink,
  MemoryAuditSink,
  Runtime,
  verifyAuditLog,
  type AuditEvent,
  type AuditSink,
  type RuntimeOptions,
} from '@brane/sdk';
import { pino } from 'pino';
import { canonicalEventJson, compactBody, compactLine } from '@brane/audit';
import { benchEach, type BenchOptions, type Measurement } from '../measure.js';
import { RECIPE_IDENTITY, RecipeAgent, RecipeAsyncAgent, RecipePolicies } from '../recipe/braneRecipe.js';

/** A rate over a run: how many, in how long, and the process's CPU time per action (all its threads). */
export interface Throughput {
  readonly actions: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly cpuMicrosPerAction?: number;
}

/** The audit trail at volume: the JSONL sink's throughput, group commit, bytes per action, a sync burst. */
export interface AuditResults {
  /** Async recipe calls, 64 at a time, the default durability: written and fsynced in batches (close included). */
  readonly asyncSustained: Throughput;
  /**
   * The same calls with no audit trail, and with a sink that only counts the records it is handed: the ceiling
   * the JSONL rate can reach on this machine, and what serialising, hashing and writing cost beyond it.
   */
  readonly asyncReference: { readonly unaudited: Throughput; readonly counting: Throughput };
  /** Bytes the JSONL log holds per recipe action. */
  readonly bytesPerAction: number;
  /** `durability: 'sync'`, async recipe calls, by number of concurrent callers. */
  readonly durableByCallers: readonly (Throughput & { readonly callers: number })[];
  /** One synchronous loop of recipe calls with `audit: {}`. */
  readonly burst: Throughput & { readonly denied: number; readonly recorded: number; readonly verified: boolean };
  /** pino writing the same number of records of the same size to the same disk, then fsync: the reference. */
  readonly pino: Throughput;
  /**
   * The cost of one recipe record's line, built in memory and chained (no I/O): the compact line of format 3
   * (fixed field order, base64url hash) beside the line of format 2 (keys sorted at every depth, hex hash), with
   * each line's length.
   */
  readonly lineCost: {
    readonly compact: Measurement & { bytes: number };
    readonly sorted: Measurement & { bytes: number };
  };
}

const CALLERS = [1, 8, 64] as const;

/** Runs `total` async calls, `callers` at a time, each caller awaiting its own one after another. */
async function concurrently(total: number, callers: number, call: () => Promise<unknown>): Promise<void> {
  const each = Math.ceil(total / callers);
  await Promise.all(
    Array.from({ length: callers }, async () => {
      for (let i = 0; i < each; i++) await call();
    }),
  );
}

function throughput(actions: number, started: number, cpu?: NodeJS.CpuUsage): Throughput {
  const seconds = (performance.now() - started) / 1000;
  const used = cpu === undefined ? undefined : process.cpuUsage(cpu);
  return {
    actions,
    seconds,
    perSecond: actions / seconds,
    ...(used === undefined ? {} : { cpuMicrosPerAction: (used.user + used.system) / actions }),
  };
}

/** Counts the records it is handed, and keeps none. */
class CountingSink implements AuditSink {
  readonly name = 'counting';
  count = 0;
  write(events: readonly AuditEvent[]): void {
    this.count += events.length;
  }
}

/** The sustained run's calls with no audit trail, and with a counting sink: what the JSONL rate is measured against. */
async function asyncReference(actions: number): Promise<AuditResults['asyncReference']> {
  const run = async (audit: RuntimeOptions['audit']): Promise<Throughput> => {
    const runtime = new Runtime({
      agentId: 'support-agent',
      ...RECIPE_IDENTITY,
      ...(audit === undefined ? {} : { audit }),
    });
    runtime.use(new RecipePolicies());
    const agent = runtime.govern(new RecipeAsyncAgent());
    const cpu = process.cpuUsage();
    const started = performance.now();
    await concurrently(actions, 64, () => agent.refundCustomer('cust_1', 75));
    await runtime.close();
    return throughput(actions, started, cpu);
  };
  return { unaudited: await run(undefined), counting: await run({ sinks: [new CountingSink()] }) };
}

function auditedAsync(directory: string, durability: 'sync' | 'async'): { runtime: Runtime; agent: RecipeAsyncAgent } {
  const runtime = new Runtime({
    agentId: 'support-agent',
    ...RECIPE_IDENTITY,
    audit: { sinks: [new JsonlFileSink({ directory })], durability },
  });
  runtime.use(new RecipePolicies());
  return { runtime, agent: runtime.govern(new RecipeAsyncAgent()) };
}

function logFile(directory: string): string {
  const name = readdirSync(directory).find((file) => file.endsWith('.jsonl'));
  if (name === undefined) throw new Error(`no log in ${directory}`);
  return join(directory, name);
}

/** JSONL sink, async durability: sustained actions a second, and the bytes each action takes. */
async function asyncSustained(work: string, actions: number): Promise<{ rate: Throughput; bytes: number }> {
  const directory = join(work, 'async');
  const { runtime, agent } = auditedAsync(directory, 'async');
  const cpu = process.cpuUsage();
  const started = performance.now();
  await concurrently(actions, 64, () => agent.refundCustomer('cust_1', 75));
  await runtime.close();
  const rate = throughput(actions, started, cpu);
  return { rate, bytes: statSync(logFile(directory)).size / actions };
}

/** `durability: 'sync'` with `callers` concurrent async callers: each decision on disk before its body runs. */
async function durable(work: string, actions: number, callers: number): Promise<Throughput & { callers: number }> {
  const { runtime, agent } = auditedAsync(join(work, `durable-${callers}`), 'sync');
  const started = performance.now();
  await concurrently(actions, callers, () => agent.refundCustomer('cust_1', 75));
  await runtime.close();
  return { ...throughput(actions, started), callers };
}

/** A synchronous loop with the default audit trail (`audit: {}`, a JSONL file under `.brane/audit`). */
async function burst(work: string, calls: number): Promise<AuditResults['burst']> {
  const cwd = process.cwd();
  process.chdir(work);
  try {
    const runtime = new Runtime({ agentId: 'support-agent', ...RECIPE_IDENTITY, audit: {} });
    runtime.use(new RecipePolicies());
    const agent = runtime.govern(new RecipeAgent());
    let denied = 0;
    const started = performance.now();
    for (let i = 0; i < calls; i++) {
      try {
        agent.refundCustomer('cust_1', 75);
      } catch {
        denied += 1;
      }
    }
    await runtime.close();
    const rate = throughput(calls, started);
    const verification = await verifyAuditLog(logFile(join(work, '.brane', 'audit')));
    return { ...rate, denied, recorded: verification.records, verified: verification.ok };
  } finally {
    process.chdir(cwd);
  }
}

/** pino, asynchronous destination, writing `actions` records of `bytes` each, then fsync. */
async function pinoReference(work: string, actions: number, bytes: number): Promise<Throughput> {
  const file = join(work, 'pino.log');
  const destination = pino.destination({ dest: file, sync: false, minLength: 4096 });
  const logger = pino({ base: null, timestamp: false }, destination);
  // pino adds `level` and `msg`; the filler makes each line as long as a Brane record.
  const filler = 'x'.repeat(Math.max(0, Math.round(bytes) - 30));
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < actions; i++) {
    logger.info({ f: filler }, 'a');
    if (i % 1024 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await new Promise<void>((resolve) => {
    destination.flush(() => {
      resolve();
    });
  });
  const fd = openSync(file, 'r');
  fsyncSync(fd);
  closeSync(fd);
  return throughput(actions, started, cpu);
}

/** SHA-256, hex, as format 2 hashed: `crypto.hash` where Node has it (20.12 and later). */
const sha256Hex = (data: string): string =>
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (crypto as unknown as { hash: (a: string, d: string, e: 'hex') => string }).hash('sha256', data, 'hex')
    : crypto.createHash('sha256').update(data).digest('hex');

/** The record of one allowed recipe call, as plain data (what a sink serialises). */
async function recipeRecord(): Promise<AuditEvent> {
  const sink = new MemoryAuditSink();
  const runtime = new Runtime({ agentId: 'support-agent', ...RECIPE_IDENTITY, audit: { sinks: [sink] } });
  runtime.use(new RecipePolicies());
  await runtime.govern(new RecipeAsyncAgent()).refundCustomer('cust_1', 75);
  await runtime.close();
  const [event] = sink.events;
  if (event === undefined) throw new Error('the recipe call left no record');
  return JSON.parse(JSON.stringify(event)) as AuditEvent;
}

/** One recipe record's line in each format, chained after a hash, in memory: what the sink spends per record. */
async function lineCost(options: BenchOptions): Promise<AuditResults['lineCost']> {
  const event = await recipeRecord();
  const hexPrev = '0'.repeat(64);
  let seq = 0;
  const sorted = (): string => {
    const json = canonicalEventJson(event);
    seq += 1;
    const hash = sha256Hex(`${hexPrev}\n{"event":${json},"seq":${seq}}`);
    return `{"seq":${seq},"prev":"${hexPrev}","hash":"${hash}","event":${json}}\n`;
  };
  const compact = (): string => compactLine((seq += 1), hexPrev, compactBody(event)).line;
  const [compactNs, sortedNs] = await benchEach(
    [
      { name: 'compact line (format 3)', fn: compact },
      { name: 'sorted-key line (format 2)', fn: sorted },
    ],
    options,
  );
  return {
    compact: { ...(compactNs as Measurement), bytes: Buffer.byteLength(compact()) },
    sorted: { ...(sortedNs as Measurement), bytes: Buffer.byteLength(sorted()) },
  };
}

/**
 * The audit trail at volume, each figure over a run (not per call): the default JSONL sink's sustained rate with
 * async durability beside pino writing the same bytes to the same disk; `durability: 'sync'` at 1, 8 and 64
 * concurrent async callers (group commit: the rate must grow with the callers); the bytes per recipe action;
 * and a burst of synchronous calls with `audit: {}` (1,000,000; 10,000 when quick), none of which may be denied.
 */
export async function auditSuite(options: BenchOptions): Promise<AuditResults> {
  const work = mkdtempSync(join(tmpdir(), 'brane-bench-audit-'));
  try {
    const sustained = await asyncSustained(work, options.quick ? 2_000 : 200_000);
    const reference = await asyncReference(options.quick ? 2_000 : 200_000);
    const durableByCallers: (Throughput & { callers: number })[] = [];
    for (const callers of CALLERS) durableByCallers.push(await durable(work, options.quick ? 200 : 4_000, callers));
    const pinoRate = await pinoReference(work, options.quick ? 2_000 : 200_000, sustained.bytes);
    return {
      asyncSustained: sustained.rate,
      asyncReference: reference,
      bytesPerAction: sustained.bytes,
      durableByCallers,
      burst: await burst(work, options.quick ? 10_000 : 1_000_000),
      pino: pinoRate,
      lineCost: await lineCost(options),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
