import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { canonicalEventJson, hashRecord, JsonlFileSink, type AuditEvent } from '@brane/audit';
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
      copy[change.line] = rewritten(copy[change.line] as Buffer, change.tenantId);
      return Buffer.concat(copy);
    }
  }
}

/**
 * `line` with its event moved to tenant `tenantId` (another one, if it already is) and its hash recomputed;
 * without `tenantId`, the same record written again (which must give the same bytes, or the attack is not faithful).
 */
function rewritten(line: Buffer, tenantId?: string): Buffer {
  const record = JSON.parse(line.toString('utf8')) as { seq: number; prev: string; event: AuditEvent };
  const moved =
    tenantId === undefined ? {} : { tenantId: record.event.tenantId === tenantId ? `${tenantId}x` : tenantId };
  const event = { ...record.event, ...moved };
  const hash = hashRecord(record.prev, record.seq, event);
  const eventJson = canonicalEventJson(event);
  return Buffer.from(`{"seq":${record.seq},"prev":"${record.prev}","hash":"${hash}","event":${eventJson}}\n`);
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

describe('brane audit verify detects every tampering', () => {
  it('the untouched log verifies (else detection proves nothing)', async () => {
    const file = join(work, 'untouched.jsonl');
    writeFileSync(file, Buffer.concat(pristine.lines));
    writeFileSync(`${file}.head`, pristine.head);

    expect(pristine.lines.length).toBeGreaterThan(150);
    await expect(verify(file)).resolves.toStrictEqual({ code: 0, ok: true });
    // The rewrite attack writes records exactly as the sink does: a rewrite that changes nothing is invisible.
    expect(pristine.lines.every((line) => rewritten(line).equals(line))).toBe(true);
  });

  it('flipped bytes, deleted, reordered, cut-off and rewritten records: 100% detected', async () => {
    const { lines, head } = pristine;
    const original = Buffer.concat(lines);
    const file = join(work, 'tampered.jsonl');
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
      propertyParameters(5_000),
    );

    expect(figures.missed).toBe(0);
    expect(Math.min(figures.flip, figures.delete, figures.reorder, figures.cut, figures.rewrite)).toBeGreaterThan(0);
    reportFigures('audit tamper', figures);
  });
});
