import fc from 'fast-check';
import type { AuditEvent } from '../../src/AuditEvent.js';
import { GENESIS_HASH } from '../../src/AuditRecord.js';
import {
  compactBody,
  compactHash,
  compactLine,
  parseCompactLine,
  type CompactRecord,
} from '../../src/record/compactLine.js';
import { actionRecord, deniedRecord } from '../fixtures/actionRecords.js';
import { numberedEvent } from '../fixtures/events.js';

/** What a sink's reader must get back: the event as JSON data. */
const asData = (event: unknown): unknown => JSON.parse(JSON.stringify(event));

function roundTrip(event: AuditEvent): { line: string; read: CompactRecord } {
  const { line, hash } = compactLine(7, GENESIS_HASH, compactBody(event));
  const read = parseCompactLine(line.slice(0, -1));
  if (typeof read === 'string') throw new Error(read);
  expect(read.hash).toBe(hash);
  expect(compactHash(GENESIS_HASH, read.hashed)).toBe(hash);
  return { line, read };
}

describe('compact lines (format 3)', () => {
  it('writes an action record with short keys in a fixed order, defaults left out, and reads it back whole', () => {
    const record = deniedRecord();
    const { line, read } = roundTrip(record);
    expect(line).toMatch(/^\{"v":3,"s":7,"h":"[A-Za-z0-9_-]{43}","t":/);
    expect(line).not.toContain('"phase"');
    expect(line).not.toContain('"ct"');
    expect(line).toContain('"d":{"b":{"y":"deny","id":"dec_1","r":');
    expect(read.event).toStrictEqual(asData(record));
  });

  it('gives the same bytes for the same record whatever the order of its fields', () => {
    const record = deniedRecord() as unknown as Record<string, unknown>;
    const reversed = Object.fromEntries(Object.entries(record).reverse()) as unknown as AuditEvent;
    expect(compactBody(reversed)).toBe(compactBody(record as unknown as AuditEvent));
  });

  it('writes any other event, or a record with a field it does not know, whole under `e`', () => {
    const step = numberedEvent(3);
    expect(compactBody(step).startsWith('"e":{')).toBe(true);
    expect(roundTrip(step).read.event).toStrictEqual(asData(step));
    const odd = { ...actionRecord('act_9', 'pay'), extra: 1 } as unknown as AuditEvent;
    expect(compactBody(odd).startsWith('"e":{')).toBe(true);
    expect(roundTrip(odd).read.event).toStrictEqual(asData(odd));
    const clash = actionRecord('act_9', 'pay', { decisions: { before: { type: 'allow', decisionId: 'd', y: 1 } } });
    expect(compactBody(clash).startsWith('"e":{')).toBe(true);
  });

  it('refuses a line that is not of the format, or with a field it does not know', () => {
    expect(typeof parseCompactLine('{"v":3,"s":1}')).toBe('string');
    const { line } = compactLine(1, GENESIS_HASH, compactBody(deniedRecord()));
    expect(typeof parseCompactLine(line.slice(0, -1).replace('"t":', '"zz":1,"t":'))).toBe('string');
    expect(typeof parseCompactLine(line.slice(0, -1).replace('"s":1,', '"s":01,'))).toBe('string');
  });

  it('reads back every action record it writes (property)', () => {
    const json = fc.jsonValue({ maxDepth: 2 });
    const text = fc.string({ maxLength: 12 });
    const optional = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
      fc.option(arbitrary, { nil: undefined });
    const policy = fc.record(
      {
        name: text,
        version: text,
        stage: fc.constantFrom('before' as const, 'after' as const),
        decision: fc.constantFrom('allow', 'deny', 'approval_required'),
        reason: text,
        durationMs: fc.double({ noNaN: true, noDefaultInfinity: true }),
        shadow: fc.constant(true as const),
        failure: text,
      },
      { requiredKeys: ['name', 'stage', 'decision', 'durationMs'] },
    );
    const decision = fc.record(
      { type: text, decisionId: text, reason: text, policyName: text, policyVersion: text, metadata: json },
      { requiredKeys: ['type', 'decisionId'] },
    );
    const record = fc.record({
      phase: fc.constantFrom('decided' as const, 'completed' as const),
      capabilityType: fc.constantFrom('tool', 'api'),
      tenantId: optional(text),
      scopes: optional(fc.array(text)),
      args: fc.dictionary(text, json),
      policies: fc.array(policy, { maxLength: 4 }),
      decisions: fc.record({ before: decision, after: decision }, { requiredKeys: [] }),
      outcome: optional(fc.constantFrom('allowed' as const, 'denied' as const)),
      reason: optional(text),
      executionMs: optional(fc.double({ noNaN: true, noDefaultInfinity: true })),
    });
    fc.assert(
      fc.property(record, (overrides) => {
        const event = actionRecord('act_1', 'refund', overrides);
        expect(roundTrip(event).read.event).toStrictEqual(asData(event));
      }),
      { numRuns: 300 },
    );
  });
});
