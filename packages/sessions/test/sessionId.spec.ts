import { BraneError } from '@brane/errors';
import { SESSION_ID_MAX_LENGTH, checkSessionId, isSessionId } from '@brane/sessions';

describe('checkSessionId', () => {
  it.each([
    ['a short id', 'run_1'],
    ['a uuid', '0b6c7a52-8f0e-4e59-9d4c-1f2a3b4c5d6e'],
    ['__proto__', '__proto__'],
    ['hash-tag braces', 'a}{b'],
    ['astral characters up to the length', '\u{1F600}'.repeat(SESSION_ID_MAX_LENGTH / 2)],
    ['exactly the length', 's'.repeat(SESSION_ID_MAX_LENGTH)],
  ])('keeps %s', (_, id) => {
    expect(isSessionId(id)).toBe(true);
    expect(checkSessionId(id, 'here')).toBe(id);
  });

  it.each([
    ['an empty id', ''],
    ['one past the length', 's'.repeat(SESSION_ID_MAX_LENGTH + 1)],
    ['a lone high surrogate', 'a\uD800'],
    ['a lone low surrogate', '\uDC00a'],
    ['NUL', 'a\u0000'],
    ['an escape', 'a\u001b'],
    ['a C1 control', 'a\u0085'],
    ['a space', 'a b'],
    ['a line separator', 'a\u2028'],
    ['a number', 7],
    ['undefined', undefined],
  ])('refuses %s with INVALID_ARGUMENT naming where', (_, id) => {
    expect(isSessionId(id)).toBe(false);
    let error: unknown;
    try {
      checkSessionId(id, 'MyStore.load');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BraneError);
    expect(error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^MyStore\.load: a session id/) as string,
    });
  });

  it('quotes at most 64 characters of a long id', () => {
    expect(() => checkSessionId('h'.repeat(1_000_000), 'here')).toThrow(/1000000 characters\)$/);
    expect(() => checkSessionId('h'.repeat(1_000_000), 'here')).not.toThrow(/h{65}/);
  });
});
