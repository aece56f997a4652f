import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { compactLine, GENESIS_HASH, tailAuditEvents, type AuditEvent } from '@brane/audit';
import { run } from '@brane/cli';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * `brane audit tail --json` and `query --json` print one JSON document for any log a reader reads, however deeply
 * its events nest: `JSON.parse` reads any depth, and writing an event back with `JSON.stringify` overflows the
 * stack past a few thousand levels. For logs of records of format 2 and 3 whose events hold, in any field, arrays
 * and objects nested from 0 to 30,000 deep:
 *
 * - each command exits 0 and prints one JSON document, with one entry per event the readers read, in order;
 * - each entry is the event as read, or, for an event JSON cannot write, `{ malformed, type, time, actionId,
 *   capability }` with the event's own identity: never a stack overflow (`UNEXPECTED`).
 */
const nesting = (depth: number, object: boolean): string =>
  object ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}1${']'.repeat(depth)}`;

const record = fc.record({
  format: fc.constantFrom(2, 3),
  field: fc.constantFrom('args', 'metadata', 'extra'),
  depth: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 2_000, max: 30_000 })),
  object: fc.boolean(),
});

/** The line of record `seq`: its event, `action.created` (format 2) or an action record (format 3), nests `spec`. */
function lineOf(seq: number, spec: { format: number; field: string; depth: number; object: boolean }): string {
  const time = new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString();
  const value = nesting(spec.depth, spec.object);
  if (spec.format === 3) {
    const key = { args: 'ar', metadata: 'ef', extra: 'li' }[spec.field] ?? 'ar';
    return compactLine(seq, GENESIS_HASH, `"t":"${time}","a":"act_${seq}","c":"deep","${key}":${value}`).line.trim();
  }
  const event = `{"type":"action.created","time":"${time}","actionId":"act_${seq}","capability":"deep","${spec.field}":${value}}`;
  return `{"seq":${seq},"prev":"${GENESIS_HASH}","hash":"${'a'.repeat(64)}","event":${event}}`;
}

/** `JSON.stringify(value)`, or `undefined` when it overflows the stack. */
function jsonOf(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

let work = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'brane-reliability-cli-json-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

jest.setTimeout(120_000);

describe('brane audit --json over events nested at any depth', () => {
  it('prints one document, each event as read or as malformed in its place, and exits 0', async () => {
    const figures = { events: 0, malformed: 0 };
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(record, { minLength: 1, maxLength: 4 }), async (records) => {
        const directory = join(work, `run-${round++}`);
        mkdirSync(directory);
        writeFileSync(join(directory, 'a.jsonl'), `${records.map((spec, i) => lineOf(i + 1, spec)).join('\n')}\n`);
        const read = await tailAuditEvents(directory, 100);
        expect(read).toHaveLength(records.length);

        for (const args of [['tail', '-n', '100'], ['query']]) {
          let stdout = '';
          const code = await run(['node', 'brane', 'audit', ...args, '--dir', directory, '--json'], {
            env: {},
            stdout: (text) => (stdout += text),
            stderr: () => undefined,
            exit: () => undefined,
          });
          expect(code).toBe(0);
          const { events } = JSON.parse(stdout) as { events: Record<string, unknown>[] };
          expect(events).toHaveLength(read.length);
          for (const [index, event] of events.entries()) {
            const original = read[index] as AuditEvent;
            const json = jsonOf(original);
            figures.events += 1;
            if (json === undefined) {
              figures.malformed += 1;
              expect(event).toStrictEqual({
                malformed: 'The event is nested too deeply to print as JSON',
                type: original.type,
                time: original.time,
                actionId: original.actionId,
                capability: original.capability,
              });
            } else {
              expect(jsonOf(event)).toBe(json);
            }
          }
        }
      }),
      propertyParameters(60),
    );
    reportFigures('auditCliJson', figures);
    expect(figures.malformed).toBeGreaterThan(0);
  });
});
