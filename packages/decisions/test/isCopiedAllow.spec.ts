import { Decision } from '@brane/decisions';
import { isCopiedAllow } from '../src/isCopiedAllow.js';

describe('isCopiedAllow', () => {
  it('holds for a plain allow and for its attributed copy', () => {
    expect(isCopiedAllow(Decision.allow(), false)).toBe(true);
    const copy = Decision.allow().withAttribution({ policyName: 'p', policyVersion: '1', actionId: 'a' });
    expect(isCopiedAllow(copy, true)).toBe(true);
    expect(isCopiedAllow(copy, false)).toBe(false);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a changed type', { type: 'deny' }],
    ['a reason added', { reason: 'r' }],
    ['other metadata', { metadata: {} }],
    ['a sandbox added', { sandbox: { timeoutMs: 1 } }],
  ])('does not hold for an allow given %s', (_label, change) => {
    expect(isCopiedAllow(Object.assign(Decision.allow(), change), false)).toBe(false);
  });

  it('a changed allow is checked again by withLimits, and fails closed', () => {
    const changed = Object.assign(Decision.allow(), { limits: [{ key: '', max: 0 }] });
    expect(() => changed.withLimits({ key: 'k', max: 1, per: '1h' })).toThrow(/limit/);
  });
});
