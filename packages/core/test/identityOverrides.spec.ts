import { overrideOf, runWithOverride } from '../src/identityOverrides.js';
import type { Identity } from '../src/Identity.js';

const identity = (tenantId: string): Identity => ({ tenantId }) as Identity;

describe('identityOverrides', () => {
  it('has no override outside runWithOverride', () => {
    expect(overrideOf({})).toBeUndefined();
  });

  it('keeps each owner its innermost override across awaits, whatever is nested inside', async () => {
    const a = {};
    const b = {};
    const seen = await runWithOverride(a, identity('a1'), () =>
      runWithOverride(b, identity('b1'), () =>
        runWithOverride(a, identity('a2'), async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return [overrideOf(a)?.tenantId, overrideOf(b)?.tenantId, overrideOf({})];
        }),
      ),
    );

    expect(seen).toStrictEqual(['a2', 'b1', undefined]);
    expect(overrideOf(a)).toBeUndefined();
  });
});
