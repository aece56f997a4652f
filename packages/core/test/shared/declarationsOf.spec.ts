// Runs under both compilations: standard (TC39) decorators and `experimentalDecorators`.
import 'reflect-metadata';
import { Decision } from '@brane/decisions';
import { BraneError } from '@brane/errors';
import type { PolicyContext } from '@brane/policy-engine';
import { AfterCapability, BeforeCapability, Capability, Runtime, declarationsOf } from '@brane/core';

class BaseAgent {
  @Capability({ name: 'lookup_customer', risk: 'low' })
  lookup(customerId: string): string {
    return customerId;
  }
}

class SupportAgent extends BaseAgent {
  @Capability({ name: 'refund_customer', risk: 'high' })
  refund(customerId: string, amountUsd: number): number {
    return customerId.length + amountUsd;
  }

  @Capability({ name: 'lookup_customer_v2', risk: 'low' })
  override lookup(customerId: string): string {
    return customerId.toUpperCase();
  }
}

class RefundPolicies {
  @BeforeCapability('refund_customer', { name: 'refund_limit', priority: 10 })
  limit(ctx: PolicyContext): Decision {
    return ctx.arg<number>('amountUsd', 0) > 100 ? Decision.deny('over') : Decision.allow();
  }

  @AfterCapability(['refund_customer', 'lookup_customer'])
  audit(): Decision {
    return Decision.allow();
  }
}

class Plain {
  method(): number {
    return 1;
  }
}

describe('declarationsOf', () => {
  it('lists the capability methods of a class and its ancestors, the most derived declaration of each', () => {
    const declared = declarationsOf(SupportAgent);
    expect(declared.capabilities.map((entry) => [entry.method, entry.capability.name]).sort()).toEqual([
      ['lookup', 'lookup_customer_v2'],
      ['refund', 'refund_customer'],
    ]);
    expect(declared.policies).toEqual([]);
    expect(declarationsOf(BaseAgent).capabilities.map((entry) => entry.capability.name)).toEqual(['lookup_customer']);
  });

  it('lists the policy methods with their stage, name and targets', () => {
    expect(declarationsOf(RefundPolicies).policies).toEqual([
      { method: 'limit', stage: 'before', policy: 'refund_limit', targets: ['refund_customer'] },
      { method: 'audit', stage: 'after', policy: 'audit', targets: ['refund_customer', 'lookup_customer'] },
    ]);
    expect(declarationsOf(RefundPolicies).capabilities).toEqual([]);
  });

  it('reads an instance as its class, governed or not, and registers nothing', () => {
    const runtime = new Runtime();
    const agent = new SupportAgent();
    expect(declarationsOf(agent)).toEqual(declarationsOf(SupportAgent));
    expect(runtime.capabilities).toEqual([]);
    runtime.govern(agent);
    expect(declarationsOf(agent).capabilities).toHaveLength(2);
  });

  it('reports nothing for classes, functions and objects without Brane decorators', () => {
    for (const target of [Plain, new Plain(), {}, Object.create(null) as object, () => 1, function named() {}]) {
      expect(declarationsOf(target)).toEqual({ capabilities: [], policies: [] });
    }
  });

  it.each([null, undefined, 42, 'SupportAgent'])('refuses %p with INVALID_ARGUMENT', (value) => {
    expect(() => declarationsOf(value as unknown as object)).toThrow(BraneError);
    expect(() => declarationsOf(value as unknown as object)).toThrow(/declarationsOf: expected a class or an instance/);
  });
});
