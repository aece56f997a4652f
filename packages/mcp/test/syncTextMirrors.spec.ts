import { syncTextMirrors } from '../src/syncTextMirrors.js';

const data = { name: 'Ada', email: 'ada@example.com' };
const redacted = { name: 'Ada', email: '[REDACTED]' };
const text = (value: string) => ({ type: 'text', text: value });

describe('syncTextMirrors', () => {
  it('serializes a text copy of the structured content again from what the policies left', () => {
    const raw = { content: [text(JSON.stringify(data)), text('Found one customer')], structuredContent: data };
    const final = { ...raw, structuredContent: redacted };

    expect(syncTextMirrors(raw, final)).toEqual({
      content: [text(JSON.stringify(redacted)), text('Found one customer')],
      structuredContent: redacted,
    });
  });

  it('keeps the indentation of a pretty-printed copy, and masks the copy of removed structured content', () => {
    const raw = { content: [text(JSON.stringify(data, null, 2))], structuredContent: data };

    expect(syncTextMirrors(raw, { ...raw, structuredContent: redacted })).toMatchObject({
      content: [text(JSON.stringify(redacted, null, 2))],
    });
    expect(syncTextMirrors(raw, { content: raw.content })).toEqual({ content: [text('[REDACTED]')] });
  });

  it('leaves a text block a policy changed itself, and text that is not a copy', () => {
    const raw = { content: [text(JSON.stringify(data)), text('{"name":"Ada"}')], structuredContent: data };
    const final = { content: [text('[REDACTED]'), text('{"name":"Ada"}')], structuredContent: redacted };

    expect(syncTextMirrors(raw, final)).toEqual(final);
  });

  it('returns the result itself when the structured content did not change, or there is none', () => {
    const raw = { content: [text(JSON.stringify(data))], structuredContent: data };
    const same = { ...raw, structuredContent: { ...data } };
    const plain = { content: [text('ok')] };

    expect(syncTextMirrors(raw, same)).toBe(same);
    expect(syncTextMirrors(plain, plain)).toBe(plain);
    expect(syncTextMirrors(undefined, plain)).toBe(plain);
    expect(syncTextMirrors(raw, 'not a result')).toBe('not a result');
  });
});
