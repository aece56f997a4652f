import fc from 'fast-check';
import { GENESIS_HASH } from '../../src/AuditRecord.js';
import { compactLine } from '../../src/record/compactLine.js';
import { LineBuffer, type LineChunk } from '../../src/record/LineBuffer.js';

/** A body as `compactBody` writes one: any JSON string field, so any text (non-ASCII, control characters, surrogates). */
const body = fc
  .oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 40_000 }))
  .map((text) => `"e":${JSON.stringify({ type: 'x', text })}`);

type Step =
  | { readonly kind: 'append'; readonly body: string }
  | { readonly kind: 'take'; readonly drop: boolean }
  | { readonly kind: 'rollback'; readonly bodies: readonly string[] };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: body.map((text) => ({ kind: 'append' as const, body: text })) },
  { weight: 1, arbitrary: fc.boolean().map((drop) => ({ kind: 'take' as const, drop })) },
  { weight: 1, arbitrary: fc.array(body, { maxLength: 8 }).map((bodies) => ({ kind: 'rollback' as const, bodies })) },
);

const concat = (chunks: readonly LineChunk[]): string => Buffer.concat(chunks.map((chunk) => chunk.bytes)).toString();

describe('LineBuffer', () => {
  it('holds the same bytes and hashes as compactLine, across chunks, takes, drops and rollbacks', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(GENESIS_HASH, 'A'.repeat(43)),
        fc.array(step, { maxLength: 60 }),
        (genesis, steps) => {
          const buffer = new LineBuffer();
          let prev = genesis;
          let seq = 0;
          let expected: { seq: number; line: string }[] = [];
          for (const item of steps) {
            if (item.kind === 'append') {
              seq += 1;
              const { hash, line } = compactLine(seq, prev, item.body);
              expect(buffer.append(seq, prev, item.body)).toBe(hash);
              expected.push({ seq, line });
              prev = hash;
              continue;
            }
            if (item.kind === 'rollback') {
              // A batch appended, then undone: the buffer is as it was, and the next record chains as before.
              const mark = buffer.mark();
              let after = prev;
              for (const [index, text] of item.bodies.entries()) after = buffer.append(seq + index + 1, after, text);
              buffer.rollback(mark);
              expect(buffer.size).toBe(expected.length);
              continue;
            }
            const chunks = buffer.take();
            expect(concat(chunks)).toBe(expected.map((record) => record.line).join(''));
            expect(buffer.size).toBe(expected.length);
            const last = chunks[chunks.length - 1];
            if (last !== undefined) {
              expect(last.lastSeq).toBe(seq);
              expect(last.lastHash).toBe(prev);
            }
            if (item.drop && last !== undefined) {
              buffer.dropThrough(last.lastSeq);
              expected = [];
              expect(buffer.size).toBe(0);
            }
          }
          expect(concat(buffer.take())).toBe(expected.map((record) => record.line).join(''));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never changes a chunk it gave away: records appended after a take go to a new buffer', () => {
    const buffer = new LineBuffer();
    let prev = buffer.append(1, GENESIS_HASH, '"e":{"type":"a"}');
    const written = prev;
    const [first] = buffer.take();
    const before = Buffer.from((first as LineChunk).bytes);
    for (let seq = 2; seq < 500; seq++) prev = buffer.append(seq, prev, `"e":{"type":"b${seq}"}`);
    expect((first as LineChunk).bytes.equals(before)).toBe(true);
    expect((first as LineChunk).lastHash).toBe(written);
    buffer.dropThrough(1);
    expect(buffer.size).toBe(498);
  });

  it('drops only whole chunks up to the seq written, keeping later ones', () => {
    const buffer = new LineBuffer();
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) prev = buffer.append(seq, prev, `"e":{"type":"t${seq}"}`);
    const taken = buffer.take();
    buffer.append(4, prev, '"e":{"type":"t4"}');
    buffer.dropThrough((taken[taken.length - 1] as LineChunk).lastSeq);
    const rest = buffer.take();
    expect(rest.map((chunk) => chunk.lastSeq)).toEqual([4]);
    expect(concat(rest)).toBe(compactLine(4, (taken[0] as LineChunk).lastHash, '"e":{"type":"t4"}').line);
  });
});
