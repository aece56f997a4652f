import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import {
  JsonlFileSink,
  MAX_AUDIT_LINE_BYTES,
  readAuditRecords,
  verifyAuditLog,
  type AuditEvent,
  type AuditSink,
} from '@brane/audit';
import { Runtime } from '@brane/core';
import { propertyParametersWith, reportFigures } from './propertyRuns.js';

/**
 * Every record the JSONL sink writes can be read back: an agent that passes an argument larger than a line may be
 * (`MAX_AUDIT_LINE_BYTES`, 4 KiB here so that a case is small) neither loses its action's record nor makes the log
 * unverifiable. For any arguments (strings of any characters and length up to three lines, arrays and objects of
 * many entries, nesting), written through a runtime, asynchronously or under `durability: 'sync'`:
 *
 * - every line of the log is at most `MAX_AUDIT_LINE_BYTES` long, and the log verifies;
 * - the readers return one record per record the runtime handed the sink, in order;
 * - each is the record as masked (what any other sink got) when it fits, or else that record bounded: the same
 *   fields, each value whole or cut with the `boundText` marker (` … [cut N characters]`, N exactly what is
 *   missing), a string keeping its start and an object or array the start of its JSON.
 */
jest.mock('../../packages/audit/src/read/maxAuditLineBytes', () => ({ MAX_AUDIT_LINE_BYTES: 4096 }));

/** Keeps the records it is handed: the record as masked, whole. */
class KeepingSink implements AuditSink {
  readonly name = 'keeping';
  readonly events: AuditEvent[] = [];
  write(events: readonly AuditEvent[]): void {
    this.events.push(...events);
  }
}

const CUT = / … \[cut ([\d,]+) characters?\]$/;

/** Whether `read` is `full`, or `full` bounded as the sink bounds it (see the property). */
function boundedFrom(read: unknown, full: unknown): boolean {
  if (isDeepStrictEqual(read, full)) return true; // key order aside
  if (typeof read === 'string') {
    const marker = CUT.exec(read);
    if (marker === null) return false;
    const kept = read.slice(0, -marker[0].length);
    const source = typeof full === 'string' ? full : JSON.stringify(full);
    return source.startsWith(kept) && kept.length + Number(marker[1]!.replaceAll(',', '')) === source.length;
  }
  if (typeof read !== 'object' || read === null || typeof full !== 'object' || full === null) return false;
  if (Array.isArray(read) !== Array.isArray(full)) return false;
  // A compact line decodes its fields in an order of its own: the same fields, in any order.
  const keys = Object.keys(read).sort();
  if (!isDeepStrictEqual(keys, Object.keys(full).sort())) return false;
  return keys.every((key) =>
    boundedFrom((read as Record<string, unknown>)[key], (full as Record<string, unknown>)[key]),
  );
}

const LINE = 4096;
const text = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.string({ unit: 'binary', maxLength: 3 * LINE }),
  fc.string({ unit: 'grapheme', maxLength: LINE }),
  fc
    .constantFrom('x', '✓', '"', '\n', '\u0001', '😀')
    .chain((unit) => fc.integer({ min: 0, max: 3 * LINE }).map((count) => unit.repeat(count))),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null)),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.array(fc.integer(), { maxLength: 2_000 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('node'), { maxKeys: 4 }),
  ),
})).node;

let work = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'brane-reliability-line-bound-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

jest.setTimeout(120_000);

describe('a record larger than a line may be', () => {
  it('is written bounded: every line reads and verifies, and holds the record or its values cut with the marker', async () => {
    expect(MAX_AUDIT_LINE_BYTES).toBe(LINE);
    const figures = { records: 0, bounded: 0 };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('customerId', 'note', 'items', 'document', 'nested'), value, { maxKeys: 4 }),
        fc.boolean(),
        async (args, sync) => {
          const keeping = new KeepingSink();
          const jsonl = new JsonlFileSink({ directory: work, file: `log-${run++}.jsonl` });
          const runtime = new Runtime({
            agentId: 'agent',
            audit: { sinks: [keeping, jsonl], ...(sync ? { durability: 'sync' as const } : {}) },
          });
          const act = runtime.capability({ name: 'act', risk: 'high' }, (input: unknown) => input);
          act(args);
          await runtime.close();

          const lines = readFileSync(jsonl.file).toString('latin1').split('\n').slice(0, -1);
          expect(lines.filter((line) => line.length > LINE)).toStrictEqual([]);
          const read: AuditEvent[] = [];
          for await (const record of readAuditRecords(jsonl.file)) read.push(record.event);
          const full = keeping.events.map((event) => JSON.parse(JSON.stringify(event)) as unknown);
          expect(read).toHaveLength(full.length);
          for (const [index, event] of read.entries()) {
            figures.records += 1;
            if (!isDeepStrictEqual(event, full[index])) figures.bounded += 1;
            expect(boundedFrom(event, full[index])).toBe(true);
          }
          await expect(verifyAuditLog(jsonl.file)).resolves.toMatchObject({ ok: true, records: full.length });
        },
      ),
      // Always at least these two records too large for a line, whatever the seed draws.
      propertyParametersWith<[Record<string, unknown>, boolean]>(150, [
        [{ note: 'x'.repeat(3 * LINE) }, false],
        [{ items: Array.from({ length: LINE }, (_, i) => i) }, true],
      ]),
    );
    reportFigures('auditLineBound', figures);
    // The property met records too large for a line (the examples make sure; the draws add about one in seven).
    expect(figures.bounded).toBeGreaterThanOrEqual(2);
  });
});
