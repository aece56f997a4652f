import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  canonicalEventJson,
  compactBody,
  compactLine,
  GENESIS_HASH,
  hashRecord,
  JsonlFileSink,
  parseCompactLine,
  type AuditEvent,
  type CompactRecord,
} from '@brane/audit';
import { run } from '@brane/cli';
import { Capability, Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/** A log written by a real runtime: its lines (each with its newline) and its head file. */
interface PristineLog {
  readonly lines: readonly Buffer[];
  readonly head: string;
}

class Payments {
  @Capability({ name: 'refund', risk: 'high' })
  refund(customerId: string, amountUsd: number): string {
    return `${customerId}:${amountUsd}`;
  }
}

/** Runs 160 refunds (one in four denied) through a runtime with a JSONL sink, and reads the log it wrote. */
async function writePristineLog(directory: string): Promise<PristineLog> {
  const runtime = new Runtime({
    agentId: 'tamper',
    tenantId: 'acme',
    audit: { sinks: [new JsonlFileSink({ directory })] },
  });
  runtime.beforeCapability('refund', { name: 'limit', version: '2' }, (ctx) =>
    ctx.arg<number>('amountUsd', 0) > 300 ? Decision.deny('over the limit') : Decision.allow(),
  );
  const payments = runtime.govern(new Payments());
  for (let i = 0; i < 160; i++) {
    try {
      payments.refund(`cust_${i}`, (i % 4) * 110);
    } catch {
      // denied: recorded
    }
  }
  await runtime.close();
  const [name] = readdirSync(directory).filter((file) => file.endsWith('.jsonl'));
  const bytes = readFileSync(join(directory, String(name)));
  const lines: Buffer[] = [];
  for (let start = 0; start < bytes.length;) {
    const end = bytes.indexOf(0x0a, start) + 1;
    lines.push(bytes.subarray(start, end));
    start = end;
  }
  return { lines, head: readFileSync(join(directory, `${String(name)}.head`), 'utf8') };
}

/** One way to tamper with a log, as data, so fast-check can shrink and print it. */
type Tampering =
  | { readonly kind: 'flip'; readonly line: number; readonly offset: number; readonly mask: number }
  | { readonly kind: 'delete'; readonly lines: readonly number[] }
  | { readonly kind: 'reorder'; readonly from: number; readonly to: number }
  | { readonly kind: 'cut'; readonly at: number }
  | { readonly kind: 'rewrite'; readonly line: number; readonly tenantId: string };

/** Tamperings of a log of `count` lines and `size` bytes. Positions are taken modulo the actual line length. */
function tampering(count: number, size: number): fc.Arbitrary<Tampering> {
  const line = fc.integer({ min: 0, max: count - 1 });
  return fc.oneof(
    fc.record({
      kind: fc.constant('flip' as const),
      line,
      offset: fc.nat({ max: 4_000 }),
      mask: fc.integer({ min: 1, max: 255 }),
    }),
    fc.record({ kind: fc.constant('delete' as const), lines: fc.uniqueArray(line, { minLength: 1, maxLength: 5 }) }),
    fc.record({ kind: fc.constant('reorder' as const), from: line, to: line }).filter(({ from, to }) => from !== to),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat({ max: size - 1 }) }),
    fc.record({ kind: fc.constant('rewrite' as const), line, tenantId: fc.string({ minLength: 1, maxLength: 12 }) }),
  );
}

/**
 * The log's bytes after `change`. Flips change one byte (XOR with a non-zero mask); a cut keeps `at` bytes; a
 * rewrite moves a record to another tenant and recomputes its own hash, byte for byte as the sink writes it, as an
 * attacker who knows the format would (only the records after it, or the head file, can give it away).
 */
function tamper(lines: readonly Buffer[], change: Tampering): Buffer {
  switch (change.kind) {
    case 'flip': {
      const copy = lines.map((bytes) => Buffer.from(bytes));
      const target = copy[change.line] as Buffer;
      const offset = change.offset % target.length;
      target[offset] = (target[offset] as number) ^ change.mask;
      return Buffer.concat(copy);
    }
    case 'delete':
      return Buffer.concat(lines.filter((_, index) => !change.lines.includes(index)));
    case 'reorder': {
      const copy = [...lines];
      const [moved] = copy.splice(change.from, 1);
      copy.splice(change.to, 0, moved as Buffer);
      return Buffer.concat(copy);
    }
    case 'cut':
      return Buffer.concat(lines).subarray(0, change.at);
    case 'rewrite': {
      const copy = [...lines];
      copy[change.line] = rewritten(lines, change.line, change.tenantId);
      return Buffer.concat(copy);
    }
  }
}

/**
 * Line `index` with its event moved to tenant `tenantId` (another one, if it already is) and its hash recomputed,
 * in the line's own format; without `tenantId`, the same record written again (which must give the same bytes, or
 * the attack is not faithful). A compact line does not hold the hash before it: the attacker reads it from the line
 * before, as the verifier does.
 */
function rewritten(lines: readonly Buffer[], index: number, tenantId?: string): Buffer {
  const line = (lines[index] as Buffer).toString('utf8').slice(0, -1);
  const move = (event: AuditEvent): AuditEvent =>
    tenantId === undefined ? event : { ...event, tenantId: event.tenantId === tenantId ? `${tenantId}x` : tenantId };
  const compact = parseCompactLine(line);
  if (typeof compact !== 'string') {
    const before =
      index === 0 ? undefined : parseCompactLine((lines[index - 1] as Buffer).toString('utf8').slice(0, -1));
    const prev = before === undefined || typeof before === 'string' ? GENESIS_HASH : before.hash;
    return Buffer.from(compactLine(compact.seq, prev, compactBody(move(compact.event))).line);
  }
  const record = JSON.parse(line) as { seq: number; prev: string; event: AuditEvent };
  const event = move(record.event);
  const hash = hashRecord(record.prev, record.seq, event);
  const eventJson = canonicalEventJson(event);
  return Buffer.from(`{"seq":${record.seq},"prev":"${record.prev}","hash":"${hash}","event":${eventJson}}\n`);
}

/** The same records as lines of format 2 (`{"seq","prev","hash","event"}`), as a sink wrote them before format 3. */
function legacyLog({ lines }: PristineLog): PristineLog {
  let prev = GENESIS_HASH;
  const legacy = lines.map((bytes) => {
    const record = parseCompactLine(bytes.toString('utf8').slice(0, -1)) as CompactRecord;
    const hash = hashRecord(prev, record.seq, record.event);
    const line = `{"seq":${record.seq},"prev":"${prev}","hash":"${hash}","event":${canonicalEventJson(record.event)}}\n`;
    prev = hash;
    return Buffer.from(line);
  });
  return { lines: legacy, head: JSON.stringify({ seq: legacy.length, hash: prev, updatedAt: 'then' }) };
}

/** Runs `brane audit verify <file> --json` in process, as an operator would; resolves with its exit code. */
async function verify(file: string): Promise<{ code: number; ok: boolean }> {
  let stdout = '';
  const code = await run(['node', 'brane', 'audit', 'verify', file, '--json'], {
    stdout: (text) => (stdout += text),
    stderr: () => undefined,
    exit: () => undefined,
  });
  return { code, ok: (JSON.parse(stdout) as { ok: boolean }).ok };
}

let work = '';
let pristine: PristineLog;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'brane-reliability-tamper-'));
  pristine = await writePristineLog(join(work, 'audit'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

jest.setTimeout(30 * 60_000);

/** The log as the sink writes it (compact lines, format 3), and the same records in format 2: both must verify. */
const FORMATS: readonly [string, () => PristineLog, number][] = [
  ['compact lines (format 3)', () => pristine, 5_000],
  ['format 2 lines', () => legacyLog(pristine), 1_000],
];

describe.each(FORMATS)('brane audit verify detects every tampering: %s', (format, logOf, cases) => {
  it('the untouched log verifies (else detection proves nothing)', async () => {
    const { lines, head } = logOf();
    const file = join(work, `untouched-${format.length}.jsonl`);
    writeFileSync(file, Buffer.concat(lines));
    writeFileSync(`${file}.head`, head);

    expect(lines.length).toBeGreaterThan(150);
    await expect(verify(file)).resolves.toStrictEqual({ code: 0, ok: true });
    // The rewrite attack writes records exactly as the sink does: a rewrite that changes nothing is invisible.
    expect(lines.every((line, index) => rewritten(lines, index).equals(line))).toBe(true);
  });

  it('flipped bytes, deleted, reordered, cut-off and rewritten records: 100% detected', async () => {
    const { lines, head } = logOf();
    const original = Buffer.concat(lines);
    const file = join(work, `tampered-${format.length}.jsonl`);
    writeFileSync(`${file}.head`, head);
    const figures = { flip: 0, delete: 0, reorder: 0, cut: 0, rewrite: 0, detected: 0, missed: 0 };
    await fc.assert(
      fc.asyncProperty(tampering(lines.length, original.length), async (change) => {
        const bytes = tamper(lines, change);
        if (bytes.equals(original)) return true; // not a tampering (cannot happen with these four; kept honest)
        writeFileSync(file, bytes);
        const { code, ok } = await verify(file);
        figures[change.kind] += 1;
        if (code === 1 && !ok) figures.detected += 1;
        else figures.missed += 1;
        return code === 1 && !ok;
      }),
      propertyParameters(cases),
    );

    expect(figures.missed).toBe(0);
    expect(Math.min(figures.flip, figures.delete, figures.reorder, figures.cut, figures.rewrite)).toBeGreaterThan(0);
    reportFigures(`audit tamper, ${format}`, figures);
  });
});
