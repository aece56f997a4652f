import { ConfigurationError } from '@brane/errors';
import { contextOverridesSchema, parseContextOverrides } from '../src/Identity';
import { parseOptions } from '@brane/policy-engine';

const cases: [string, unknown][] = [
  ['empty', {}],
  ['every field', { tenantId: 't', principalId: 'p', traceId: 'r', scopes: ['a:b', 'c:*', '*'] }],
  ['undefined fields', { tenantId: undefined, scopes: undefined }],
  ['a session', { sessionId: 'run_1' }],
  ['an undefined session', { sessionId: undefined }],
  ['a session with a space', { sessionId: 'run 1' }],
  ['a number session', { sessionId: 7 }],
  // Session ids that Redis and PostgreSQL could not keep apart, or could not store at all.
  ['a session with a lone surrogate', { sessionId: 'run\uD800' }],
  ['a session with NUL', { sessionId: 'run\u0000' }],
  ['a session with an escape', { sessionId: 'run\u001b[2J' }],
  ['a session of 256 characters', { sessionId: 's'.repeat(256) }],
  ['a session of 257 characters', { sessionId: 's'.repeat(257) }],
  ['a session of astral characters', { sessionId: '\u{1F600}'.repeat(128) }],
  ['a session named __proto__', { sessionId: '__proto__' }],
  ['an empty id', { tenantId: '' }],
  ['an id with a space', { tenantId: 'a b' }],
  ['an id with a tab', { principalId: 'a\tb' }],
  ['an id with a non-breaking space', { traceId: 'a\u00a0b' }],
  ['a number id', { tenantId: 42 }],
  ['a null id', { tenantId: null }],
  ['scopes as a string', { scopes: 'a:b' }],
  ['a malformed scope', { scopes: ['a b'] }],
  ['a scope with an inner wildcard', { scopes: ['a:*:b'] }],
  ['a non-string scope', { scopes: [1] }],
  ['an unknown key', { tenant: 't' }],
  ['agentId, which cannot be overridden', { agentId: 'x' }],
  ['null', null],
  ['an array', []],
  ['a string', 'tenant'],
  ['a null-prototype object', Object.assign(Object.create(null) as object, { tenantId: 't' })],
];

function safeParse(value: unknown): { success: boolean; data?: unknown } {
  try {
    return { success: true, data: parseOptions(contextOverridesSchema, value, 'schema') };
  } catch {
    return { success: false };
  }
}

describe('parseContextOverrides', () => {
  it.each(cases)('agrees with the schema on %s', (_label, value) => {
    const schema = safeParse(value);
    let fast: unknown;
    try {
      fast = parseContextOverrides(value, 'here');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(schema.success).toBe(false);
      return;
    }
    expect(schema.success).toBe(true);
    expect(fast).toEqual(schema.data);
  });
});

describe('a session id', () => {
  it.each([
    ['a lone surrogate', 'run\uD800'],
    ['NUL', 'run\u0000'],
    ['257 characters', 's'.repeat(257)],
    ['129 astral characters (258 UTF-16 units)', '\u{1F600}'.repeat(129)],
  ])('with %s is refused with a ConfigurationError naming it', (_, sessionId) => {
    expect(() => parseContextOverrides({ sessionId }, 'withContext')).toThrow(ConfigurationError);
    expect(() => parseContextOverrides({ sessionId }, 'withContext')).toThrow(/sessionId/);
  });

  it('of 256 characters, or named __proto__, is kept', () => {
    expect(parseContextOverrides({ sessionId: 's'.repeat(256) }, 'here').sessionId).toHaveLength(256);
    expect(parseContextOverrides({ sessionId: '__proto__' }, 'here').sessionId).toBe('__proto__');
  });
});
