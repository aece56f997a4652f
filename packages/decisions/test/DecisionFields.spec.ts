import { Decision } from '@brane/decisions';
import { holdsFields, type Fields } from '../src/DecisionFields.js';

/** The fields of a plain allow, as its constructor has them. */
const plainAllow = (): Fields =>
  ['allow', ...(new Array<undefined>(12).fill(undefined) as []), Decision.allow().metadata] as unknown as Fields;

describe('holdsFields', () => {
  it('holds for a plain allow against the fields of a plain allow', () => {
    expect(holdsFields(Decision.allow(), plainAllow())).toBe(true);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a changed type', { type: 'deny' }],
    ['a reason added', { reason: 'r' }],
    ['other metadata', { metadata: {} }],
    ['a sandbox added', { sandbox: { timeoutMs: 1 } }],
    ['limits added', { limits: [] }],
  ])('does not hold for an allow given %s', (_label, change) => {
    expect(holdsFields(Object.assign(Decision.allow(), change), plainAllow())).toBe(false);
  });

  it('a changed allow is checked again by withLimits, and fails closed', () => {
    const changed = Object.assign(Decision.allow(), { limits: [{ key: '', max: 0 }] });
    expect(() => changed.withLimits({ key: 'k', max: 1, per: '1h' })).toThrow(/limit/);
  });

  it('an allow with a reason added is checked again by withLimits, and keeps it', () => {
    const changed = Object.assign(Decision.allow(), { reason: 'within budget' });
    expect(changed.withLimits({ key: 'k', max: 1, per: '1h' })).toMatchObject({
      type: 'allow',
      reason: 'within budget',
    });
  });
});
