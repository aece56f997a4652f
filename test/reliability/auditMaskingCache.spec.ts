import fc from 'fast-check';
import { DEFAULT_SECRET_PATTERNS, maskSecrets } from '@brane/audit';
import { MaskedJson } from '@brane/audit/internal';
import { propertyParameters } from './propertyRuns.js';

const SECRETS = [
  'sk-0123456789abcdefghijkl',
  'Bearer abcdefgh12345678',
  'postgres://app:s3cr3t@db/main',
  'ghp_0123456789abcdefghijABCDEFGHIJ012345',
  'AKIA0123456789ABCDEF',
];

/** Short strings, often with a secret shape inside: what a record's names, ids and reasons can hold. */
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(...SECRETS),
  fc
    .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...SECRETS), fc.string({ maxLength: 8 }))
    .map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 16 }),
);

describe('the masking cache of short strings', () => {
  it('answers as masking does, every time, and never keeps a string that held a secret', () => {
    const patterns = Object.freeze([...DEFAULT_SECRET_PATTERNS]);
    fc.assert(
      fc.property(fc.array(text, { maxLength: 30 }), (texts) => {
        const masker = new MaskedJson([], patterns);
        for (const item of [...texts, ...texts]) {
          expect(masker.text(item)).toBe(JSON.stringify(maskSecrets(item, { patterns })));
        }
        for (const cached of MaskedJson.cachedTexts(patterns)) {
          expect(maskSecrets(cached, { patterns })).toBe(cached);
        }
      }),
      propertyParameters(500),
    );
  });

  it('is not used for a pattern list its owner could still change', () => {
    const patterns = [/cust-\d+/g];
    const masker = new MaskedJson([], patterns);
    expect(masker.text('order 42')).toBe('"order 42"');
    patterns.push(/order/g);
    expect(new MaskedJson([], patterns).text('order 42')).toBe(JSON.stringify('[REDACTED] 42'));
    expect(MaskedJson.cachedTexts(patterns)).toEqual([]);
  });
});
