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
