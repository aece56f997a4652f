import fc from 'fast-check';
import { Decision, composeDecisions, composeNext, isDataLabel, parseLabels } from '@brane/decisions';

describe('Decision.label', () => {
  it('returns a labelled copy; the original is untouched', () => {
    const allow = Decision.allow();
    const labelled = allow.label('pii', 'secret', 'pii');
    expect(labelled).not.toBe(allow);
    expect(allow.labels).toBeUndefined();
    expect(labelled.labels).toEqual(['pii', 'secret']);
    expect(Object.isFrozen(labelled.labels)).toBe(true);
    expect(labelled.allowed).toBe(true);
    expect(labelled.label('untrusted').labels).toEqual(['pii', 'secret', 'untrusted']);
    expect(labelled.label()).toBe(labelled);
  });

  it('keeps labels through attribution and JSON', () => {
    const decision = Decision.redact(['email']).label('pii');
    const attributed = decision.withAttribution({ policyName: 'p', policyVersion: '1', actionId: 'a' });
    expect(attributed.labels).toEqual(['pii']);
    expect(attributed.toJSON()).toMatchObject({ type: 'redact', labels: ['pii'] });
    expect(Decision.allow().toJSON()).not.toHaveProperty('labels');
  });

  it.each([
    ['an upper-case label', ['PII']],
    ['a label with a space', ['has space']],
    ['an empty label', ['']],
    ['a label starting with a joiner', ['-pii']],
    ['a too-long label', ['a'.repeat(65)]],
    ['a non-string', [42]],
    ['a control character', ['pii\n']],
  ])('rejects %s with a typed error', (_name, labels) => {
    expect(() => Decision.allow().label(...(labels as string[]))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error,
    );
  });

  it('cannot label a deny', () => {
    expect(() => new Decision({ type: 'deny', reason: 'no', labels: ['pii'] })).toThrow(/cannot label/);
    expect(() => Decision.deny('no').label('pii')).toThrow(/cannot label/);
  });

  it('accepts exactly the documented label shape', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (value) => {
        const expected = /^[a-z0-9][a-z0-9_.:-]{0,63}$/.test(value);
        expect(isDataLabel(value)).toBe(expected);
      }),
    );
    expect(() => parseLabels(new Array(33).fill('a'), 'here')).toThrow(/at most 32/);
  });
});

describe('composing labels', () => {
  const allow = Decision.allow();
  const pii = Decision.allow().label('pii');
  const secret = Decision.allow().label('secret');
  const redact = Decision.redact(['email']);

  it('never drops a label another policy added, whatever the order', () => {
    expect(composeDecisions([pii, allow], allow).labels).toEqual(['pii']);
    expect(composeDecisions([allow, pii], allow).labels).toEqual(['pii']);
    expect(composeDecisions([pii, secret], allow).labels).toEqual(['pii', 'secret']);
    expect(composeDecisions([pii, redact], allow)).toMatchObject({ type: 'redact', labels: ['pii'] });
    expect(composeDecisions([redact, pii], allow)).toMatchObject({ type: 'redact', labels: ['pii'] });
    expect(composeDecisions([redact.label('secret'), Decision.logOnly('look').label('pii')], allow)).toMatchObject({
      labels: ['pii', 'secret'],
    });
  });

  it('a deny carries none: nothing reaches the caller', () => {
    expect(composeNext(pii, Decision.deny('no')).labels).toBeUndefined();
  });
});
