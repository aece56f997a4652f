import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  auditStats,
  canonicalEventJson,
  compactLine,
  GENESIS_HASH,
  hashRecord,
  JsonlFileSink,
  streamAuditEvents,
  tailAuditEvents,
  verifyAuditLog,
  type AuditEvent,
} from '@brane/audit';
import { propertyParameters } from './propertyRuns.js';

/** Nested `depth` deep: JSON.parse reads it, a recursive function overflows the stack on it. */
const deep = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/**
 * A line anyone with disk access could write: bytes, JSON of any shape, records of either format whose event has
 * the wrong shape or a nesting no stack holds, with hashes that are right for what they claim.
 */
const hostileLine: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes.filter((byte) => byte !== 0x0a))),
  fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value))),
  fc
    .tuple(fc.integer({ min: 1, max: 12 }), fc.dictionary(fc.string(), fc.jsonValue()), fc.boolean())
    .map(([seq, fields, nested]) => {
      const event = {
        ...fields,
        type: 'action.created',
        ...(nested ? { args: JSON.parse(deep(20_000)) as unknown } : {}),
      };
      const hash = hashOrJunk(seq, event as AuditEvent);
      return Buffer.from(`{"seq":${seq},"prev":"${GENESIS_HASH}","hash":"${hash}","event":${jsonOf(event)}}`);
    }),
  fc
    .tuple(fc.integer({ min: 1, max: 12 }), fc.dictionary(fc.string(), fc.jsonValue()), fc.boolean())
    .map(([seq, fields, nested]) => {
      const body = Object.entries({ a: 'act', c: 'cap', ...fields })
        .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
        .join(',');
      return Buffer.from(compactLine(seq, GENESIS_HASH, nested ? `${body},"ar":${deep(20_000)}` : body).line.trim());
    }),
);

function hashOrJunk(seq: number, event: AuditEvent): string {
  try {
    return hashRecord(GENESIS_HASH, seq, event);
  } catch {
    return 'a'.repeat(64);
  }
}

function jsonOf(event: object): string {
  try {
    return canonicalEventJson(event as AuditEvent);
  } catch {
    return `{"type":"action.created","args":${deep(20_000)}}`;
  }
}

let work = '';
let pristine: Buffer[] = [];
let head = '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'brane-reliability-hostile-'));
  const file = join(work, 'pristine.jsonl');
  const sink = new JsonlFileSink({ file });
  sink.writeSync(
    Array.from({ length: 8 }, (_, index) => ({
      type: 'action.created',
      time: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
      actionId: `act_${index}`,
      capability: 'refund',
      tenantId: 'acme',
    })) as unknown as AuditEvent[],
  );
  await sink.close();
  pristine = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => Buffer.from(line));
  head = readFileSync(`${file}.head`, 'utf8');
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

jest.setTimeout(60_000);

describe('hostile lines in a log', () => {
  it('verify reports them and never throws; the readers skip or read them and never throw', async () => {
    const file = join(work, 'hostile.jsonl');
    writeFileSync(`${file}.head`, head);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat({ max: 8 }), hostileLine, fc.boolean()), { minLength: 1, maxLength: 3 }),
        async (changes) => {
          const lines = [...pristine];
          for (const [at, line, replace] of changes) lines.splice(at % (lines.length + 1), replace ? 1 : 0, line);
          writeFileSync(file, Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])));
          const { ok } = await verifyAuditLog(file);
          expect(ok).toBe(false);
          await tailAuditEvents(file, 5);
          await auditStats(file, { since: '2026-01-01' });
          for await (const event of streamAuditEvents(file, { tenantId: 'acme' })) expect(event).toBeDefined();
        },
      ),
      propertyParameters(300),
    );
  });
});
