import { Decision } from '@brane/decisions';
import { ConfigurationError } from '@brane/errors';
import { PolicyRegistry, definePolicy, type Policy } from '@brane/policy-engine';
import { makePolicy, thrownBy } from './fixtures';

const allow = () => Decision.allow();

function names(policies: readonly Policy[]): string[] {
  return policies.map((policy) => policy.name);
}

describe('PolicyRegistry', () => {
  let registry: PolicyRegistry;

  beforeEach(() => {
    registry = new PolicyRegistry();
  });

  it('starts empty', () => {
    expect(registry.size).toBe(0);
    expect(registry.list()).toStrictEqual([]);
    expect(registry.plan('refund_customer', 'before')).toStrictEqual([]);
  });

  describe('plan', () => {
    it('orders by priority, highest first', () => {
      registry.addAll([
        makePolicy('low', allow, { priority: -1 }),
        makePolicy('high', allow, { priority: 100 }),
        makePolicy('default', allow),
        makePolicy('mid', allow, { priority: 10.5 }),
      ]);

      expect(names(registry.plan('refund_customer', 'before'))).toStrictEqual(['high', 'mid', 'default', 'low']);
    });

    it('keeps registration order between equal priorities', () => {
      registry.add(makePolicy('first', allow, { priority: 5 }));
      registry.add(makePolicy('second', allow, { priority: 5 }));
      registry.add(makePolicy('top', allow, { priority: 6 }));
      registry.add(makePolicy('third', allow, { priority: 5 }));

      expect(names(registry.plan('refund_customer', 'before'))).toStrictEqual(['top', 'first', 'second', 'third']);
    });

    it('matches exact names and `*`, interleaved by priority and registration order', () => {
      registry.addAll([
        makePolicy('wild_low', allow, { target: '*', priority: 1 }),
        makePolicy('exact', allow, { priority: 1 }),
        makePolicy('wild_high', allow, { target: '*', priority: 9 }),
        makePolicy('other', allow, { target: 'delete_user', priority: 50 }),
      ]);

      expect(names(registry.plan('refund_customer', 'before'))).toStrictEqual(['wild_high', 'wild_low', 'exact']);
      expect(names(registry.plan('delete_user', 'before'))).toStrictEqual(['other', 'wild_high', 'wild_low']);
      expect(names(registry.plan('send_email', 'before'))).toStrictEqual(['wild_high', 'wild_low']);
    });

    it('does not treat a target as a pattern or prefix', () => {
      registry.add(makePolicy('exact', allow, { target: 'refund' }));

      expect(registry.plan('refund_customer', 'before')).toStrictEqual([]);
      expect(registry.plan('Refund', 'before')).toStrictEqual([]);
      expect(names(registry.plan('refund', 'before'))).toStrictEqual(['exact']);
    });

    it('lists a policy that targets both a name and `*` once', () => {
      registry.add(makePolicy('both', allow, { target: ['refund_customer', '*'] }));

      expect(names(registry.plan('refund_customer', 'before'))).toStrictEqual(['both']);
      expect(names(registry.plan('anything', 'before'))).toStrictEqual(['both']);
    });

    it('lists a policy that targets several names for each of them', () => {
      registry.add(makePolicy('multi', allow, { target: ['a', 'b'] }));

      expect(names(registry.plan('a', 'before'))).toStrictEqual(['multi']);
      expect(names(registry.plan('b', 'before'))).toStrictEqual(['multi']);
      expect(registry.plan('c', 'before')).toStrictEqual([]);
    });

    it('excludes disabled policies', () => {
      registry.addAll([makePolicy('on', allow), makePolicy('off', allow, { enabled: false, priority: 99 })]);

      expect(names(registry.plan('refund_customer', 'before'))).toStrictEqual(['on']);
      expect(names(registry.list())).toStrictEqual(['on', 'off']);
    });

    it('separates the before and after stages', () => {
      registry.addAll([
        makePolicy('before_1', allow),
        makePolicy('after_1', allow, { stage: 'after' }),
        makePolicy('after_wild', allow, { stage: 'after', target: '*', priority: 1 }),
      ]);

      expect(names(registry.plan('refund_customer', 'before'))).toStrictEqual(['before_1']);
      expect(names(registry.plan('refund_customer', 'after'))).toStrictEqual(['after_wild', 'after_1']);
    });

    it('returns frozen plans', () => {
      registry.add(makePolicy('p', allow));

      expect(Object.isFrozen(registry.plan('refund_customer', 'before'))).toBe(true);
      expect(Object.isFrozen(registry.plan('nothing_matches', 'before'))).toBe(true);
    });

    it('caches the plan: the same array instance until the policies change', () => {
      registry.add(makePolicy('p', allow));
      const first = registry.plan('refund_customer', 'before');

      expect(registry.plan('refund_customer', 'before')).toBe(first);
    });

    it('recomputes the plan after add', () => {
      const p = makePolicy('p', allow);
      registry.add(p);
      const before = registry.plan('refund_customer', 'before');
      registry.add(makePolicy('q', allow, { priority: 1 }));
      const after = registry.plan('refund_customer', 'before');

      expect(after).not.toBe(before);
      expect(names(after)).toStrictEqual(['q', 'p']);
      expect(names(before)).toStrictEqual(['p']);
    });

    it('recomputes the plan after remove', () => {
      const p = makePolicy('p', allow);
      const q = makePolicy('q', allow, { target: '*' });
      registry.addAll([p, q]);
      const before = registry.plan('refund_customer', 'before');
      registry.remove(q);
      const after = registry.plan('refund_customer', 'before');

      expect(after).not.toBe(before);
      expect(names(after)).toStrictEqual(['p']);
    });
  });

  describe('add and addAll', () => {
    it('registers policies and finds them by name', () => {
      const p = makePolicy('p', allow);
      registry.add(p);

      expect(registry.size).toBe(1);
      expect(registry.get('p')).toBe(p);
      expect(registry.get('missing')).toBeUndefined();
    });

    it('ignores the same policy object added twice', () => {
      const p = makePolicy('p', allow);
      registry.add(p);
      registry.add(p);
      registry.addAll([p, p]);

      expect(registry.size).toBe(1);
      expect(names(registry.plan('refund_customer', 'before'))).toStrictEqual(['p']);
    });

    it('throws DUPLICATE_POLICY for a different policy with a taken name, naming both declarations', () => {
      const declare = (declaredAt: string) =>
        definePolicy({
          stage: 'before',
          target: 'refund_customer',
          options: { name: 'limit' },
          evaluate: allow,
          declaredAt,
        });
      registry.add(declare('@BeforeCapability on `RefundPolicies.limit`'));
      const error = thrownBy(() => {
        registry.add(declare('runtime.beforeCapability(limit)'));
      });

      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.code).toBe('DUPLICATE_POLICY');
      expect(error.message).toBe(
        'runtime.beforeCapability(limit): a policy named `limit` is already registered ' +
          '(@BeforeCapability on `RefundPolicies.limit`); give one of them another `name`',
      );
      expect(error.details).toStrictEqual({
        name: 'limit',
        declaredAt: ['@BeforeCapability on `RefundPolicies.limit`', 'runtime.beforeCapability(limit)'],
      });
      expect(registry.size).toBe(1);
    });

    it('throws DUPLICATE_POLICY for two policies with the same name in one batch', () => {
      const error = thrownBy(() => {
        registry.addAll([makePolicy('twin', allow), makePolicy('twin', allow)]);
      });

      expect(error.code).toBe('DUPLICATE_POLICY');
      expect(error.message).toContain('a policy named `twin` is already registered');
      expect(registry.size).toBe(0);
    });

    it('is all-or-nothing: when one name is taken, none of the batch is registered', () => {
      registry.add(makePolicy('taken', allow));
      const plan = registry.plan('refund_customer', 'before');
      const fresh = makePolicy('fresh', allow, { priority: 10 });

      const error = thrownBy(() => {
        registry.addAll([fresh, makePolicy('taken', allow)]);
      });

      expect(error.code).toBe('DUPLICATE_POLICY');
      expect(error.message).toContain('a policy named `taken` is already registered');
      expect(registry.size).toBe(1);
      expect(registry.get('fresh')).toBeUndefined();
      expect(registry.plan('refund_customer', 'before')).toBe(plan);
    });

    it('lets a name be reused once its policy is removed', () => {
      const old = makePolicy('p', allow);
      const replacement = makePolicy('p', () => Decision.deny('new'));
      registry.add(old);
      registry.remove(old);
      registry.add(replacement);

      expect(registry.get('p')).toBe(replacement);
    });
  });

  describe('remove', () => {
    it('removes a registered policy and reports whether it was registered', () => {
      const p = makePolicy('p', allow, { target: ['refund_customer', '*'] });
      registry.add(p);

      expect(registry.remove(p)).toBe(true);
      expect(registry.remove(p)).toBe(false);
      expect(registry.size).toBe(0);
      expect(registry.get('p')).toBeUndefined();
      expect(registry.plan('refund_customer', 'before')).toStrictEqual([]);
      expect(registry.plan('other', 'before')).toStrictEqual([]);
    });

    it('returns false for a policy that was never registered, and changes nothing', () => {
      registry.add(makePolicy('p', allow));
      const plan = registry.plan('refund_customer', 'before');

      expect(registry.remove(makePolicy('p', allow))).toBe(false);
      expect(registry.size).toBe(1);
      expect(registry.plan('refund_customer', 'before')).toBe(plan);
    });

    it('keeps the other policies of a shared target', () => {
      const a = makePolicy('a', allow);
      const b = makePolicy('b', allow);
      registry.addAll([a, b]);
      registry.remove(a);

      expect(names(registry.plan('refund_customer', 'before'))).toStrictEqual(['b']);
    });
  });

  describe('list', () => {
    it('gives every policy in registration order, whatever its priority, stage or state', () => {
      registry.addAll([
        makePolicy('c', allow, { priority: -1 }),
        makePolicy('a', allow, { stage: 'after' }),
        makePolicy('b', allow, { enabled: false, priority: 100 }),
      ]);

      expect(names(registry.list())).toStrictEqual(['c', 'a', 'b']);
    });

    it('returns a copy that does not change the registry', () => {
      registry.add(makePolicy('p', allow));
      const list = registry.list() as Policy[];
      list.pop();

      expect(registry.size).toBe(1);
      expect(names(registry.list())).toStrictEqual(['p']);
    });
  });
});
