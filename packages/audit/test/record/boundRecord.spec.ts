import { BraneError } from '@brane/errors';
import { boundRecord } from '../../src/record/boundRecord.js';

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));
const CUT = / … \[cut ([\d,]+) characters?\]$/;

/** How many characters `text` says were cut from it, and what it kept. */
function cutOf(text: unknown): { kept: string; cut: number } {
  const marker = CUT.exec(String(text));
  if (marker === null) throw new Error(`not cut: ${String(text).slice(0, 40)}`);
  return { kept: String(text).slice(0, -marker[0].length), cut: Number(marker[1]!.replaceAll(',', '')) };
}

describe('boundRecord', () => {
  it('keeps a record that fits as it is', () => {
    const record = { type: 'action', args: { a: 'é', n: [1, 2, { b: null }] } };
    expect(boundRecord(record, bytesOf(record))).toStrictEqual(record);
  });

  it.each<[string, string]>([
    ['ASCII', 'x'],
    ['3-byte characters', '✓'],
    ['characters JSON escapes', '"\n\u0001'],
    ['lone surrogates', '\ud800'],
    ['astral characters', '😀'],
  ])('cuts the one large value of %s with the boundText marker and keeps the others whole', (_, unit) => {
    const text = unit.repeat(5_000);
    const record = { type: 'action', actionId: 'act_1', args: { customerId: 'cust_1', document: text } };
    const bounded = boundRecord(record, 2_000) as typeof record;

    expect(bytesOf(bounded)).toBeLessThanOrEqual(2_000);
    expect(bytesOf(bounded)).toBeGreaterThan(1_800 - 6 * unit.length);
    expect({ ...bounded, args: { ...bounded.args, document: '' } }).toStrictEqual({
      ...record,
      args: { ...record.args, document: '' },
    });
    const { kept, cut } = cutOf(bounded.args.document);
    expect(text.startsWith(kept)).toBe(true);
    expect(kept.length + cut).toBe(text.length);
  });

  it('cuts the largest values to one size, biggest first, and keeps the smaller ones whole', () => {
    const record = { a: 'a'.repeat(3_000), b: 'b'.repeat(1_000), c: 'c'.repeat(200) };
    const bounded = boundRecord(record, 1_500) as typeof record;

    expect(bounded.c).toBe(record.c);
    // One share each: what they keep differs only by the length of their markers' counts.
    expect(Math.abs(cutOf(bounded.a).kept.length - cutOf(bounded.b).kept.length)).toBeLessThanOrEqual(2);
    expect(bytesOf(bounded)).toBeLessThanOrEqual(1_500);
  });

  it('writes an array with too many entries to keep one of each as the start of its JSON, cut', () => {
    const items = Array.from({ length: 5_000 }, (_, index) => index);
    const bounded = boundRecord({ type: 'action', args: { items } }, 1_000) as { args: { items: unknown } };

    const { kept, cut } = cutOf(bounded.args.items);
    expect(JSON.stringify(items).startsWith(kept)).toBe(true);
    expect(kept.length + cut).toBe(JSON.stringify(items).length);
  });

  it('copies as JSON does (toJSON, no undefined or functions), with the markers of maskSecrets', () => {
    const cycle: Record<string, unknown> = { name: 'loop' };
    cycle['self'] = cycle;
    let deep: unknown = 'bottom';
    for (let i = 0; i < 200; i++) deep = [deep];
    const record = { time: new Date(0), gone: undefined, fn: () => 1, n: NaN, big: 10n, cycle, deep };
    const bounded = boundRecord(record, 10_000);

    expect(bounded).toMatchObject({ time: '1970-01-01T00:00:00.000Z', n: null, big: '10' });
    expect(Object.keys(bounded)).toStrictEqual(['time', 'n', 'big', 'cycle', 'deep']);
    expect(bounded['cycle']).toStrictEqual({ name: 'loop', self: '[Circular]' });
    expect(JSON.stringify(bounded['deep'])).toMatch(/^\[+"\[Truncated\]"\]+$/);
  });

  it('refuses, with INVALID_ARGUMENT, a record whose field names alone do not fit', () => {
    const record = Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`field_${index}`, index]));
    expect(() => boundRecord(record, 1_000)).toThrow(BraneError);
    expect(() => boundRecord(record, 1_000)).toThrow(/field names alone take more than the 1000 bytes/);
  });
});
