import { ApprovalError } from '@brane/errors';
import type { ApprovalRecord } from '@brane/approvals';
import { assertExpectedSeal, hasSeal, recordFromJson, recordToJson } from '../src/recordJson';
import { sampleRecord } from './fixtures/records';

describe('recordJson', () => {
  it('round-trips a record through canonical JSON', () => {
    const json = recordToJson(sampleRecord());

    expect(json).toBe(recordToJson({ ...sampleRecord() }));
    expect(recordFromJson(sampleRecord().id, json)).toStrictEqual(sampleRecord());
  });

  it.each<[string, unknown, RegExp]>([
    ['null', null, /`record` must be an approval record \(got `null`\)/],
    ['an array', [], /`record` must be an approval record/],
    ['a bad id', sampleRecord({ id: 'a/b' }), /`record\.id` must be an approval id/],
    ['no seal', { ...sampleRecord(), seal: 1 }, /`record\.seal` must be a string \(got `1`\)/],
    ['non-JSON data', sampleRecord({ args: { n: NaN } }), /`record\.args\.n` is `NaN`/],
  ])('refuses to serialise %s', (_, record, message) => {
    expect(() => recordToJson(record as ApprovalRecord)).toThrow(message);
  });

  it.each([
    ['invalid JSON', '{'],
    ['an array', '[]'],
    ['a string', '"x"'],
    ['null', 'null'],
  ])('reports stored text that is %s as APPROVAL_TAMPERED', (_, text) => {
    expect(() => recordFromJson('abc', text)).toThrow(ApprovalError);
    expect(() => recordFromJson('abc', text)).toThrow(/^Approval abc is stored as/);
  });

  it('compares the stored seal', () => {
    const json = recordToJson(sampleRecord());

    expect(hasSeal('x', json, 'seal-1')).toBe(true);
    expect(hasSeal('x', json, 'seal-2')).toBe(false);
  });

  it('checks the expected seal is a string', () => {
    expect(() => {
      assertExpectedSeal(undefined);
    }).toThrow(/`expectedSeal` must be the seal of the stored record, a string \(got `undefined`\)/);
  });
});
