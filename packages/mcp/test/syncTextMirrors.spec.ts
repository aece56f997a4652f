import { MAX_ARGUMENT_DEPTH } from '@brane/core';
import { BraneError } from '@brane/errors';
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

  it('refuses changed structured content nested past the bound, whose copy it could neither check nor write', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    const json = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const raw = {
      content: [text(`{"email":"ada@example.com","data":${json}}`)],
      structuredContent: { email: 'ada', data: deep },
    };
    const final = { ...raw, structuredContent: { email: '[REDACTED]', data: deep } };

    let refusal: unknown;
    try {
      syncTextMirrors(raw, final);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(BraneError);
    expect(refusal).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect((refusal as BraneError).message).toContain(`nested more than ${MAX_ARGUMENT_DEPTH} deep`);
    // Left as the tool returned it, it is passed on without a look.
    expect(syncTextMirrors(raw, raw)).toBe(raw);
  });
});
