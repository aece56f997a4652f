import { Decision } from '@brane/decisions';
import { isUntouchedAllow } from '../src/isUntouchedAllow.js';

describe('isUntouchedAllow', () => {
  it('holds for a plain allow as Decision.allow() made it', () => {
    expect(isUntouchedAllow(Decision.allow())).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a changed type', { type: 'deny' }],
    ['a reason added', { reason: 'r' }],
    ['limits added', { limits: [{ key: 'k', max: 1, per: '1h' }] }],
    ['other metadata', { metadata: {} }],
    ['a sandbox added', { sandbox: { timeoutMs: 1 } }],
  ])('does not hold for an allow given %s after it was made', (_label, change) => {
    expect(isUntouchedAllow(Object.assign(Decision.allow(), change))).toBe(false);
  });

  it('a changed allow is checked again by withLimits, and fails closed', () => {
    const changed = Object.assign(Decision.allow(), { limits: [{ key: '', max: 0 }] });
    expect(() => changed.withLimits({ key: 'k', max: 1, per: '1h' })).toThrow(/limit/);
  });
});
