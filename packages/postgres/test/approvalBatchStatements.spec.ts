import { createHash } from 'node:crypto';
import { batchable, createParams, updateParams } from '../src/approvalBatchStatements';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('approvalBatchStatements', () => {
  const created = [
    ['a', 'seal-a', '{"id":"a","note":"é \\n"}', 'pending', 'refund', 't1', 1, 2],
    ['b', 'seal-b', '{"id":"b"}', 'pending', null, null, null, null],
  ];

  it('sends the bodies of a batch as one text joined by newlines, and every other column as an array', () => {
    expect(createParams(created)).toStrictEqual([
      ['a', 'b'],
      ['seal-a', 'seal-b'],
      '{"id":"a","note":"é \\n"}\n{"id":"b"}',
      ['pending', 'pending'],
      ['refund', null],
      ['t1', null],
      [1, null],
      [2, null],
    ]);
  });

  it('sends the expected bodies of compare-and-sets as their SHA-256, the empty text for none', () => {
    const updated = [
      ['a', 'old-a', 'new-a', '{"id":"a"}', 'approved', 'refund', 't1', 1, 2, '{"id":"a","old":true}'],
      ['b', 'old-b', 'new-b', '{"id":"b"}', 'approved', 'refund', 't1', 1, 2, null],
    ];

    const params = updateParams(updated);

    expect(params[3]).toBe('{"id":"a"}\n{"id":"b"}');
    expect(params[9]).toBe(`${sha256('{"id":"a","old":true}')},`);
    expect(params.slice(0, 3)).toStrictEqual([
      ['a', 'b'],
      ['old-a', 'old-b'],
      ['new-a', 'new-b'],
    ]);
  });

  it('keeps out of a batch a body with a raw newline (canonical JSON never has one), which could not be split again', () => {
    expect(batchable(created, 2)).toBe(true);
    expect(batchable([...created, ['c', 'seal-c', '{"id":"c",\n"x":1}']], 2)).toBe(false);
    expect(batchable([], 2)).toBe(true);
  });
});
