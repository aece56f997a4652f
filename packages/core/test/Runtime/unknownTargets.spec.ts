import { Decision } from '@brane/decisions';
import { BraneError, ConfigurationError } from '@brane/errors';
import type { PolicyContext } from '@brane/policy-engine';
import { BeforeCapability, Capability, Runtime } from '@brane/core';

class Agent {
  readonly refunds: number[] = [];
  @Capability({ name: 'refund_customer' })
  refund(amountUsd: number): number {
    this.refunds.push(amountUsd);
    return amountUsd;
  }
  @Capability({ name: 'lookup_order' })
  async lookup(orderId: string): Promise<string> {
    return orderId;
  }
}

class TypoPolicies {
  @BeforeCapability('refund_custmer', { name: 'refund-limit' })
  limit(ctx: PolicyContext): Decision {
    return ctx.arg<number>('amountUsd', 0) > 100 ? Decision.deny('over the limit') : Decision.allow();
  }
}

/** What `fn` threw. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('a policy on an unknown target (unknownTargets)', () => {
  it('refuses the first governed call with UNKNOWN_TARGET, naming the policy, the target and the likely name', () => {
    const runtime = new Runtime();
    runtime.use(new TypoPolicies());
    const agent = runtime.govern(new Agent());

    const error = thrown(() => agent.refund(349));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'UNKNOWN_TARGET', details: { problems: [{ target: 'refund_custmer' }] } });
    expect((error as Error).message).toContain(
      'Policy `refund-limit` targets `refund_custmer`, which no governed class or function declares (did you mean `refund_customer`?)',
    );
    expect((error as Error).message).toContain("unknownTargets: 'ignore'");
    expect(agent.refunds).toEqual([]);
  });

  it('refuses every call, async ones by rejecting, until the target is declared', async () => {
    const runtime = new Runtime();
    runtime.beforeCapability('issue_voucher', { name: 'vouchers' }, () => Decision.deny('no vouchers'));
    const agent = runtime.govern(new Agent());

    expect(() => agent.refund(1)).toThrow(ConfigurationError);
    await expect(agent.lookup('o1')).rejects.toMatchObject({ code: 'UNKNOWN_TARGET' });
    expect(() => agent.refund(2)).toThrow(/issue_voucher/);

    runtime.capability({ name: 'issue_voucher' }, (code: string) => code);
    expect(agent.refund(3)).toBe(3);
    expect(agent.refunds).toEqual([3]);
  });

  it('checks again after each registration, so a typo added later is refused too', () => {
    const runtime = new Runtime();
    const agent = runtime.govern(new Agent());
    expect(agent.refund(1)).toBe(1);

    const typo = runtime.use(new TypoPolicies());

    expect(() => agent.refund(349)).toThrow(/refund_custmer/);
    runtime.unuse(typo);
    expect(agent.refund(2)).toBe(2);
  });

  it('never reports `*`, which targets every capability, those governed later included', () => {
    const runtime = new Runtime();
    runtime.beforeCapability('*', { name: 'everything' }, () => Decision.allow());
    expect(runtime.validate().ok).toBe(true);
    expect(runtime.govern(new Agent()).refund(5)).toBe(5);
  });

  it("lets `unknownTargets: 'ignore'` run calls; validate() still reports the target", () => {
    const runtime = new Runtime({ unknownTargets: 'ignore' });
    runtime.use(new TypoPolicies());
    const agent = runtime.govern(new Agent());

    expect(agent.refund(349)).toBe(349);
    expect(runtime.validate().problems).toMatchObject([{ code: 'UNKNOWN_TARGET', target: 'refund_custmer' }]);
  });

  it('accepts a target that declareDynamicCapabilities says is registered later', () => {
    const runtime = new Runtime();
    runtime.declareDynamicCapabilities((name) => name.startsWith('mcp.files.'));
    runtime.beforeCapability('mcp.files.delete_file', { name: 'tmp-only' }, () => Decision.allow());
    runtime.beforeCapability('mcp.file.delete_file', { name: 'typo' }, () => Decision.allow());

    expect(runtime.validate().problems.map((problem) => problem.target)).toEqual(['mcp.file.delete_file']);
    expect(() => {
      runtime.declareDynamicCapabilities('mcp.' as never);
    }).toThrow(BraneError);
  });

  it('refuses an unknown `unknownTargets` value with INVALID_OPTIONS', () => {
    expect(() => new Runtime({ unknownTargets: 'warn' as never })).toThrow(/unknownTargets/);
  });
});
