import { recordTexts, unpackTexts } from '../src/auditInsertStatement';
import { describeWithDatabase } from './harness/testDatabase';

describe('recordTexts', () => {
  it('joins canonical JSON by newlines, and sends texts that hold one as a JSON array', () => {
    const texts = ['{"a":"x\\ny"}', '{"b":"\u2028"}'];
    expect(recordTexts(texts)).toStrictEqual({ form: 'lines', value: texts.join('\n') });
    const raw = ['{"a":1}', '{"a":\n1}'];
    expect(recordTexts(raw)).toStrictEqual({ form: 'json', value: JSON.stringify(raw) });
  });
});

describeWithDatabase('recordTexts unpacked by the server', (db) => {
  it.each([
    ['lines', ['{"a":"x\\ny"}', '{"b":"\u2028 \\u0000"}', '{}']],
    ['json', ['{"a":1}', '{"a":\n1}', '{"c":"\\"\\\\"}']],
  ])('gives back every text whole and in order (%s)', async (form, texts) => {
    const param = recordTexts(texts);
    expect(param.form).toBe(form);
    const { rows } = await db().pool.query<{ texts: string[] }>(`SELECT ${unpackTexts('$1', param.form)} AS texts`, [
      param.value,
    ]);
    expect(rows[0]?.texts).toStrictEqual(texts);
  });
});
