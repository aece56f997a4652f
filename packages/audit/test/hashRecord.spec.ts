import { createHash } from 'node:crypto';
import { BraneError } from '@brane/errors';
import stringify from 'safe-stable-stringify';
import type { ActionCreatedEvent, AuditEvent } from '../src/AuditEvent.js';
import { GENESIS_HASH } from '../src/AuditRecord.js';
import { canonicalEventJson, hashEventJson, hashRecord, isRecordHash, recordLine } from '../src/hashRecord.js';
import { numberedEvent } from './fixtures/events.js';

/** The definition in AuditRecord.ts, computed independently. */
function expectedHash(prev: string, seq: number, event: unknown): string {
  return createHash('sha256')
    .update(`${prev}\n${stringify({ seq, event }) ?? ''}`)
    .digest('hex');
}

describe('hashRecord', () => {
  it('is the SHA-256 of prev, a newline and the canonical JSON of { seq, event }', () => {
    const event = numberedEvent(1);
    expect(hashRecord(GENESIS_HASH, 1, event)).toBe(expectedHash(GENESIS_HASH, 1, event));
    const prev = hashRecord(GENESIS_HASH, 1, event);
    expect(hashRecord(prev, 2, numberedEvent(2))).toBe(expectedHash(prev, 2, numberedEvent(2)));
    expect(hashRecord(prev, 2, numberedEvent(2))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on the order of keys', () => {
    const event = numberedEvent(1);
    const reversed = Object.fromEntries(Object.entries(event).reverse()) as unknown as AuditEvent;
    expect(hashRecord(GENESIS_HASH, 1, reversed)).toBe(hashRecord(GENESIS_HASH, 1, event));
  });

  it('changes with prev, seq and every part of the event', () => {
    const event = numberedEvent(1);
    const hash = hashRecord(GENESIS_HASH, 1, event);
    expect(hashRecord('1'.repeat(64), 1, event)).not.toBe(hash);
    expect(hashRecord(GENESIS_HASH, 2, event)).not.toBe(hash);
    expect(hashRecord(GENESIS_HASH, 1, { ...event, capability: 'payments.refunD' })).not.toBe(hash);
    const created = event as ActionCreatedEvent;
    expect(hashRecord(GENESIS_HASH, 1, { ...created, args: { ...created.args, amount: 11 } })).not.toBe(hash);
  });

  it.each([
    ['prev', () => hashRecord('abc', 1, numberedEvent(1))],
    ['prev', () => hashRecord('A'.repeat(64), 1, numberedEvent(1))],
    ['seq', () => hashRecord(GENESIS_HASH, 0, numberedEvent(1))],
    ['seq', () => hashRecord(GENESIS_HASH, 1.5, numberedEvent(1))],
    ['event', () => hashRecord(GENESIS_HASH, 1, null as unknown as AuditEvent)],
    ['event', () => hashRecord(GENESIS_HASH, 1, [] as unknown as AuditEvent)],
  ])('refuses a bad %s with INVALID_ARGUMENT', (_, call) => {
    expect(call).toThrow(BraneError);
    expect(call).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error);
  });
});

describe('canonicalEventJson', () => {
  it('sorts keys at every depth and leaves no whitespace', () => {
    const event = { type: 'x', b: { d: [1, { f: 1, e: 2 }], c: null }, a: 'é' } as unknown as AuditEvent;
    expect(canonicalEventJson(event)).toBe('{"a":"é","b":{"c":null,"d":[1,{"e":2,"f":1}]},"type":"x"}');
  });

  it('writes any event, as JSON.stringify would, and reads back to the same JSON', () => {
    const circular: Record<string, unknown> = { type: 'x' };
    circular['self'] = circular;
    const odd = {
      type: 'x',
      missing: undefined,
      when: new Date(0),
      big: 10n,
      fn: () => 1,
      list: [undefined, NaN, -0, 1e21],
      text: 'line\nbreak \u2028 \u0001 \ud800',
      nested: circular,
    } as unknown as AuditEvent;
    const json = canonicalEventJson(odd);
    expect(JSON.parse(json)).toStrictEqual({
      list: [null, null, 0, 1e21],
      nested: { self: '[Circular]', type: 'x' },
      text: 'line\nbreak \u2028 \u0001 \ud800',
      type: 'x',
      when: '1970-01-01T00:00:00.000Z',
    });
    expect(canonicalEventJson(JSON.parse(json) as AuditEvent)).toBe(json);
    expect(json).not.toContain('\n');
  });
});

describe('record lines', () => {
  it('hashEventJson agrees with hashRecord, and recordLine writes one line in field order', () => {
    const event = numberedEvent(3);
    const json = canonicalEventJson(event);
    const hash = hashEventJson(GENESIS_HASH, 3, json);
    expect(hash).toBe(hashRecord(GENESIS_HASH, 3, event));
    const line = recordLine(3, GENESIS_HASH, hash, json);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(Object.keys(JSON.parse(line) as object)).toStrictEqual(['seq', 'prev', 'hash', 'event']);
    expect(JSON.parse(line)).toStrictEqual({ seq: 3, prev: GENESIS_HASH, hash, event: JSON.parse(json) as unknown });
  });

  it('isRecordHash accepts 64 lowercase hex digits only', () => {
    expect(isRecordHash(GENESIS_HASH)).toBe(true);
    expect(isRecordHash('f'.repeat(64))).toBe(true);
    expect(isRecordHash('F'.repeat(64))).toBe(false);
    expect(isRecordHash('f'.repeat(63))).toBe(false);
    expect(isRecordHash(1)).toBe(false);
  });
});
