import { Decision } from '@brane/decisions';
import { BeforeCapability, Capability, Runtime } from '@brane/core';

describe('standard decorator metadata', () => {
  it('importing Brane installs Symbol.metadata (Node 20 has none)', () => {
    expect(typeof Symbol.metadata).toBe('symbol');
    expect(Symbol.metadata).toBe(Symbol.for('Symbol.metadata'));
  });

  it("copies on write: a subclass's capabilities and policies never leak into its parent", () => {
    class Base {
      @Capability({ name: 'base.op' })
      op(): string {
        return 'base';
      }
      @BeforeCapability('base.op', { name: 'base_policy' })
      basePolicy(): Decision {
        return Decision.allow();
      }
    }
    class Derived extends Base {
      @Capability({ name: 'derived.op' })
      extra(): string {
        return 'derived';
      }
      @BeforeCapability('derived.op', { name: 'derived_policy' })
      derivedPolicy(): Decision {
        return Decision.allow();
      }
    }
    class Sibling extends Base {}

    const derived = new Runtime();
    derived.govern(new Derived());
    derived.use(new Derived());
    expect(derived.capabilities.map((c) => c.name)).toEqual(['base.op', 'derived.op']);
    expect(derived.policies.map((p) => p.name)).toEqual(['base_policy', 'derived_policy']);

    for (const instance of [new Base(), new Sibling()]) {
      const runtime = new Runtime();
      runtime.govern(instance);
      runtime.use(instance);
      expect(runtime.capabilities.map((c) => c.name)).toEqual(['base.op']);
      expect(runtime.policies.map((p) => p.name)).toEqual(['base_policy']);
    }
    const baseMetadata = (Base as { [Symbol.metadata]?: object })[Symbol.metadata];
    const derivedMetadata = (Derived as { [Symbol.metadata]?: object })[Symbol.metadata];
    expect(Object.getPrototypeOf(derivedMetadata)).toBe(baseMetadata);
  });

  it('a subclass re-decorating a policy method replaces its options', () => {
    class Base {
      @BeforeCapability('x', { name: 'limit', priority: 1 })
      limit(): Decision {
        return Decision.allow();
      }
    }
    class Stricter extends Base {
      @BeforeCapability('x', { name: 'limit', priority: 50, version: '2' })
      override limit(): Decision {
        return Decision.deny('stricter');
      }
    }
    const runtime = new Runtime();
    runtime.use(new Stricter());
    expect(runtime.policies.map((p) => [p.name, p.priority, p.version])).toEqual([['limit', 50, '2']]);
  });
});
