import { Decision } from '@brane/decisions';
import { CapabilityDeniedError, SandboxTimeoutError } from '@brane/errors';
import { Capability, Runtime, currentAction, type AgentAction } from '@brane/core';

interface Customer {
  readonly id: string;
  readonly email: string;
  readonly orders: readonly { readonly id: string; readonly card: string }[];
}

class Support {
  readonly calls: { name: string; args: unknown[]; action: AgentAction | undefined }[] = [];

  @Capability({ name: 'lookup_customer', risk: 'low' })
  async lookup(customerId: string): Promise<Customer> {
    this.calls.push({ name: 'lookup', args: [customerId], action: currentAction() });
    return { id: customerId, email: 'ana@example.com', orders: [{ id: 'o1', card: '4111 1111 1111 1111' }] };
  }

  @Capability({ name: 'refund', risk: 'high' })
  async refund(customerId: string, amountUsd: number): Promise<string> {
    this.calls.push({ name: 'refund', args: [customerId, amountUsd], action: currentAction() });
    return `refunded ${amountUsd} to ${customerId}`;
  }

  @Capability({ name: 'refund_small', risk: 'medium' })
  async refundSmall(customerId: string, amountUsd: number): Promise<string> {
    this.calls.push({ name: 'refund_small', args: [customerId, amountUsd], action: currentAction() });
    return `small refund ${amountUsd} to ${customerId}`;
  }

  @Capability({ name: 'slow_export', sandbox: { network: true } })
  async slowExport(ms: number): Promise<string> {
    const action = currentAction();
    this.calls.push({ name: 'slow_export', args: [ms], action });
    await new Promise((resolve) => setTimeout(resolve, ms));
    return action?.signal?.aborted === true ? 'aborted' : 'exported';
  }

  @Capability({ name: 'count' })
  count(n: number): number {
    this.calls.push({ name: 'count', args: [n], action: currentAction() });
    return n;
  }
}

function governed(setup: (runtime: Runtime) => void): { agent: Support; runtime: Runtime } {
  const runtime = new Runtime({ tenantId: 'acme' });
  setup(runtime);
  return { agent: runtime.govern(new Support()), runtime };
}

describe('enforcing every decision type', () => {
  it('redact: masks and removes output fields, through arrays, before the caller sees them', async () => {
    const { agent } = governed((runtime) => {
      runtime.afterCapability('lookup_customer', { name: 'pii' }, () =>
        Decision.redact(['email', { path: 'orders[].card', action: 'remove' }]),
      );
    });

    await expect(agent.lookup('c1')).resolves.toStrictEqual({
      id: 'c1',
      email: '[REDACTED]',
      orders: [{ id: 'o1' }],
    });
  });

  it('redact from a before-policy: applied once the output exists', async () => {
    const { agent } = governed((runtime) => {
      runtime.beforeCapability('lookup_customer', { name: 'pii_early' }, () => Decision.redact(['email']));
    });

    await expect(agent.lookup('c1')).resolves.toMatchObject({ email: '[REDACTED]' });
  });

  it('transform_input: later policies and the capability see exactly the transformed args', async () => {
    const seen: unknown[] = [];
    const { agent } = governed((runtime) => {
      runtime.beforeCapability('refund', { name: 'cap', priority: 10 }, (ctx) =>
        ctx.arg<number>('amountUsd', 0) > 100
          ? Decision.transformInput({ patch: { amountUsd: 100 } })
          : Decision.allow(),
      );
      runtime.beforeCapability('refund', { name: 'watch' }, (ctx) => {
        seen.push(ctx.arg('amountUsd'));
        return Decision.allow();
      });
    });

    await expect(agent.refund('c1', 250)).resolves.toBe('refunded 100 to c1');
    expect(seen).toStrictEqual([100]);
    expect(agent.calls[0]?.args).toStrictEqual(['c1', 100]);
    expect(agent.calls[0]?.action?.originalArgs).toStrictEqual(['c1', 250]);
  });

  it('transform_output: replaces or patches the output', async () => {
    const { agent } = governed((runtime) => {
      runtime.afterCapability('refund', { name: 'receipt' }, () =>
        Decision.transformOutput({ replace: 'receipt sent' }),
      );
      runtime.afterCapability('lookup_customer', { name: 'tag' }, () =>
        Decision.transformOutput({ patch: { source: 'crm' } }),
      );
    });

    await expect(agent.refund('c1', 5)).resolves.toBe('receipt sent');
    await expect(agent.lookup('c1')).resolves.toMatchObject({ id: 'c1', source: 'crm' });
  });

  it('route to a capability: the target runs under its own policies, as a child of the original action', async () => {
    const targetPolicy = jest.fn(() => Decision.allow());
    const { agent } = governed((runtime) => {
      runtime.beforeCapability('refund', { name: 'small_refunds' }, (ctx) =>
        ctx.arg<number>('amountUsd', 0) < 10 ? Decision.route({ capability: 'refund_small' }) : Decision.allow(),
      );
      runtime.beforeCapability('refund_small', { name: 'target_policy' }, targetPolicy);
    });

    await expect(agent.refund('c1', 5)).resolves.toBe('small refund 5 to c1');
    expect(targetPolicy).toHaveBeenCalledTimes(1);
    expect(agent.calls.map((call) => call.name)).toStrictEqual(['refund_small']);
    const child = agent.calls[0]?.action;
    expect(child?.capability.name).toBe('refund_small');
    expect(child?.parentActionId).toBeDefined();
  });

  it('route: records the original and the target on the action', async () => {
    let routed: AgentAction | undefined;
    const { agent } = governed((runtime) => {
      runtime.beforeCapability('refund', { name: 'reroute' }, () => Decision.route({ capability: 'refund_small' }));
      runtime.beforeCapability('refund_small', { name: 'see_parent' }, () => {
        routed = currentAction();
        return Decision.allow();
      });
    });

    await agent.refund('c1', 5);
    expect(routed?.route).toStrictEqual({ from: { capability: 'refund' }, to: { capability: 'refund_small' } });
  });

  it('route to a target the runtime cannot honour: a deny, and nothing runs', async () => {
    const { agent } = governed((runtime) => {
      runtime.beforeCapability('refund', { name: 'nowhere' }, () => Decision.route({ capability: 'wire_transfer' }));
    });

    const error = (await agent.refund('c1', 5).catch((e: unknown) => e)) as CapabilityDeniedError;
    expect(error).toBeInstanceOf(CapabilityDeniedError);
    expect(error.reason).toMatch(/no capability `wire_transfer` is governed by this runtime/);
    expect(agent.calls).toHaveLength(0);
  });

  it('sandbox: an async capability gets an AbortSignal and is rejected when its time limit runs out', async () => {
    const { agent } = governed((runtime) => {
      runtime.beforeCapability('slow_export', { name: 'limit' }, () => Decision.sandbox({ timeoutMs: 20 }));
    });

    const error = await agent.slowExport(200).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxTimeoutError);
    expect(agent.calls[0]?.action?.signal?.aborted).toBe(true);
    await expect(agent.slowExport(1)).resolves.toBe('exported');
  });

  it('sandbox: a time limit on a synchronous capability is refused with a clear deny', () => {
    const { agent } = governed((runtime) => {
      runtime.beforeCapability('count', { name: 'limit' }, () => Decision.sandbox({ timeoutMs: 20 }));
    });

    expect(() => agent.count(1)).toThrow(/synchronous `count` cannot be interrupted/);
    expect(agent.calls).toHaveLength(0);
  });

  it('sandbox: host limits on a capability that does not declare it honours them are a deny', async () => {
    const { agent } = governed((runtime) => {
      runtime.beforeCapability('refund', { name: 'hosts' }, () =>
        Decision.sandbox({ network: { allowHosts: ['api.stripe.com'] } }),
      );
    });

    await expect(agent.refund('c1', 5)).rejects.toThrow(
      /`refund` does not declare that it reaches the network only through sandboxFetch/,
    );
    expect(agent.calls).toHaveLength(0);
  });

  it('sandbox: several sandboxes intersect, and the action carries the strictest', async () => {
    const { agent } = governed((runtime) => {
      runtime.beforeCapability('slow_export', { name: 'a' }, () =>
        Decision.sandbox({ timeoutMs: 500, network: { allowHosts: ['a.example.com', 'b.example.com'] } }),
      );
      runtime.beforeCapability('slow_export', { name: 'b' }, () =>
        Decision.sandbox({ timeoutMs: 1000, network: { allowHosts: ['b.example.com'] } }),
      );
    });

    await agent.slowExport(1);
    expect(agent.calls[0]?.action?.sandbox).toStrictEqual({
      timeoutMs: 500,
      network: { allowHosts: ['b.example.com'] },
    });
  });

  it('log_only: allows, and marks the action for review on its decision', async () => {
    const { agent } = governed((runtime) => {
      runtime.beforeCapability('refund', { name: 'watch_large' }, () => Decision.logOnly('Large refund'));
    });

    await expect(agent.refund('c1', 5)).resolves.toBe('refunded 5 to c1');
    const decision = agent.calls[0]?.action?.decision;
    expect(decision?.type).toBe('log_only');
    expect(decision?.markedForReview).toBe(true);
    expect(decision?.reason).toBe('Large refund');
  });

  it('shadow mode: a shadow deny is recorded on the action and the capability still runs', async () => {
    const { agent } = governed((runtime) => {
      runtime.beforeCapability('refund', { name: 'new_limit', mode: 'shadow', version: '2' }, () =>
        Decision.deny('Would block'),
      );
    });

    await expect(agent.refund('c1', 500)).resolves.toBe('refunded 500 to c1');
    const shadow = agent.calls[0]?.action?.shadowDecisions ?? [];
    expect(shadow.map((entry) => [entry.decision.type, entry.decision.policyName, entry.policy.version])).toStrictEqual(
      [['deny', 'new_limit', '2']],
    );
  });

  it('combined: deny outranks every other decision, and nothing runs', async () => {
    const { agent } = governed((runtime) => {
      runtime.beforeCapability('refund', { name: 'log', priority: 3 }, () => Decision.logOnly('watch'));
      runtime.beforeCapability('refund', { name: 'patch', priority: 2 }, () =>
        Decision.transformInput({ patch: { amountUsd: 1 } }),
      );
      runtime.beforeCapability('refund', { name: 'no', priority: 1 }, () => Decision.deny('blocked'));
    });

    await expect(agent.refund('c1', 5)).rejects.toThrow(/blocked/);
    expect(agent.calls).toHaveLength(0);
  });

  it('combined: a transform, a redaction and a review mark all apply, in priority order', async () => {
    const { agent } = governed((runtime) => {
      runtime.beforeCapability('lookup_customer', { name: 'normalise', priority: 2 }, (ctx) =>
        Decision.transformInput({ patch: { customerId: ctx.arg<string>('customerId', '').toUpperCase() } }),
      );
      runtime.beforeCapability('lookup_customer', { name: 'review', priority: 1 }, () => Decision.logOnly('PII read'));
      runtime.afterCapability('lookup_customer', { name: 'pii' }, () => Decision.redact(['email']));
    });

    await expect(agent.lookup('c1')).resolves.toMatchObject({ id: 'C1', email: '[REDACTED]' });
    const action = agent.calls[0]?.action;
    expect(action?.decision?.type).toBe('transform_input');
    expect(action?.decision?.markedForReview).toBe(true);
    expect(action?.afterDecision?.type).toBe('redact');
  });
});
