import { Decision, type Limit } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import { InMemoryLimitStore, type InMemoryReservationOwner, type ReservationResult } from '@brane/limits';
import { Capability, Runtime } from '../../src';
import { givesBack } from '../../src/limits/LimitGate.js';

class Mailer {
  @Capability({ name: 'mail' })
  mail(to: string): string {
    return to;
  }
}

/** A store that changed how it reserves: it counts the calls of `reserve`. */
class CountingStore extends InMemoryLimitStore {
  calls = 0;
  override reserve(id: InMemoryReservationOwner, limits: readonly Limit[]): ReservationResult {
    this.calls++;
    return super.reserve(id, limits);
  }
}

function mailerOn(store: InMemoryLimitStore): Mailer {
  const runtime = new Runtime({ limits: store });
  runtime.beforeCapability('mail', { name: 'rate' }, () =>
    Decision.allow().withLimits({ key: 'mail', max: 2, per: '1h' }),
  );
  return runtime.govern(new Mailer());
}

describe('LimitGate, for a synchronous call that is not audited', () => {
  it('reserves in the shipped in-memory store without a reservation (`consume`), and denies past max', () => {
    const consume = jest.spyOn(InMemoryLimitStore.prototype, 'consume');
    const reserve = jest.spyOn(InMemoryLimitStore.prototype, 'reserve');
    try {
      const store = new InMemoryLimitStore();
      const mailer = mailerOn(store);

      expect(mailer.mail('a')).toBe('a');
      expect(mailer.mail('b')).toBe('b');
      expect(() => mailer.mail('c')).toThrow(CapabilityDeniedError);
      expect(store.usage('mail')).toMatchObject({ used: 2, remaining: 0 });
      expect(consume).toHaveBeenCalledTimes(3);
      expect(reserve).not.toHaveBeenCalled();
    } finally {
      consume.mockRestore();
      reserve.mockRestore();
    }
  });

  it.each([
    ['reserve', class extends CountingStore {}],
    [
      'consume',
      class extends CountingStore {
        override consume(): undefined {
          throw new Error('never called: the gate reserves through `reserve`');
        }
      },
    ],
  ])('never bypasses a store that changed `%s`: it reserves through `reserve`', (_, Store) => {
    const store = new Store();
    const mailer = mailerOn(store);

    expect(mailer.mail('a')).toBe('a');
    expect(store.calls).toBe(1);
    expect(store.usage('mail')).toMatchObject({ used: 1 });
  });
});

describe('givesBack', () => {
  it('answers for each list of limits, whichever list it was asked about last', () => {
    const count = Decision.allow().withLimits({ key: 'gb:count', max: 5, per: '1m' }).limits as readonly Limit[];
    const slot = Decision.allow().withLimits({ key: 'gb:slot', kind: 'concurrent', max: 2 }).limits as readonly Limit[];
    const refunded = Decision.allow().withLimits({ key: 'gb:refund', max: 5, per: '1m', refundOnFailure: true })
      .limits as readonly Limit[];
    const both = Decision.allow().withLimits(...count, ...slot).limits as readonly Limit[];
    for (const [list, expected] of [
      [count, false],
      [count, false],
      [slot, true],
      [count, false],
      [refunded, true],
      [both, true],
      [count, false],
    ] as const) {
      expect(givesBack(list)).toBe(expected);
    }
  });
});
