import { ApprovalError, BraneError } from '@brane/errors';
import type { ApprovalRecord } from '@brane/approvals';
import { RecordSeal } from '../src/RecordSeal';
import { SECRET, sampleRecord, without } from './fixtures/records';

const unsealed = (): Omit<ApprovalRecord, 'seal'> => without(sampleRecord(), 'seal');

function expectTampered(call: () => unknown, message: RegExp): void {
  expect(call).toThrow(ApprovalError);
  expect(call).toThrow(message);
  try {
    call();
  } catch (error) {
    expect(error).toMatchObject({ code: 'APPROVAL_TAMPERED', approvalId: sampleRecord().id });
  }
}

describe('RecordSeal', () => {
  const sealer = new RecordSeal(SECRET);

  it('seals with a 64-hex-digit HMAC that verifies', () => {
    const record = sealer.seal(unsealed());

    expect(record.seal).toMatch(/^[0-9a-f]{64}$/);
    expect(sealer.verify(record.id, record)).toBe(record);
  });

  it('is deterministic and independent of key order', () => {
    const reordered = { ...without(unsealed(), 'args'), args: { amount: 900, customerId: 'cust_1' } };

    expect(sealer.seal(reordered).seal).toBe(sealer.seal(unsealed()).seal);
  });

  it('replaces any seal already on the record', () => {
    const record = sealer.seal(unsealed());

    expect(sealer.seal({ ...record, seal: 'stale' } as ApprovalRecord).seal).toBe(record.seal);
  });

  it('accepts a secret as a string or bytes, of at least 32 bytes', () => {
    const bytes = new Uint8Array(32).fill(7);

    expect(new RecordSeal(bytes).seal(unsealed()).seal).toBe(new RecordSeal(Buffer.from(bytes)).seal(unsealed()).seal);
    expect(new RecordSeal(bytes).seal(unsealed()).seal).not.toBe(sealer.seal(unsealed()).seal);
  });

  it.each([['short'], [new Uint8Array(31)], ['é'.repeat(15)], [undefined], [42]])('refuses the secret %p', (secret) => {
    expect(() => new RecordSeal(secret as string)).toThrow(BraneError);
    expect(() => new RecordSeal(secret as string)).toThrow(/`secret` must be .*32 bytes/);
  });

  it('never puts the secret in its error messages', () => {
    expect(() => new RecordSeal('my-short-secret')).not.toThrow(/my-short-secret/);
  });

  describe('verify', () => {
    const record = sealer.seal(unsealed());

    it.each<[string, Record<string, unknown>]>([
      ['an edited argument', { args: { ...record.args, amount: 90_000 } }],
      ['an added argument', { args: { ...record.args, extra: true } }],
      ['a flipped status', { status: 'approved' }],
      [
        'a forged decision',
        { status: 'approved', decision: { outcome: 'approved', by: 'mallory', at: record.requestedAt } },
      ],
      ['a later expiry', { expiresAt: '2999-01-01T00:00:00.000Z' }],
      ['an added field', { note: 'hi' }],
      ['a removed tenant', { tenantId: undefined }],
      ['a seal from another record', { seal: sealer.seal({ ...unsealed(), capability: 'other' }).seal }],
    ])('detects %s', (_, change) => {
      expectTampered(
        () => sealer.verify(record.id, { ...record, ...change }),
        /was altered in the store: it does not match its seal/,
      );
    });

    it('detects a record sealed with another secret', () => {
      const foreign = new RecordSeal('another-secret-another-secret-another-secret').seal(unsealed());

      expectTampered(() => sealer.verify(record.id, foreign), /does not match its seal/);
    });

    it('detects a record stored under another id than its own', () => {
      expect(() => sealer.verify('01HZX0000000000000000000ZZ', record)).toThrow(
        /01HZX0000000000000000000ZZ was altered in the store: it is stored under id 01HZX0000000000000000000ZZ but names/,
      );
    });

    it.each([
      ['missing', undefined],
      ['not hex', 'z'.repeat(64)],
      ['too short', 'ab'],
      ['a number', 7],
    ])('detects a seal that is %s', (_, seal) => {
      expectTampered(() => sealer.verify(record.id, { ...record, seal }), /has no valid seal/);
    });

    it.each([[null], ['text'], [[record]]])('detects a stored value that is not a record: %p', (stored) => {
      expectTampered(() => sealer.verify(record.id, stored), /not a record/);
    });

    it('detects non-JSON data slipped in by a store', () => {
      expectTampered(
        () => sealer.verify(record.id, { ...record, args: { at: new Date(0) } }),
        /holds data that is not JSON/,
      );
    });
  });
});
