import { InMemoryApprovalStore } from '@brane/approvals';
import { MemoryAuditSink, isActionRecord } from '@brane/audit';
import { Capability, Runtime, currentAction, type AgentAction } from '@brane/core';
import { Decision, validateLimit } from '@brane/decisions';
import { ApprovalRequiredError, CapabilityDeniedError } from '@brane/errors';
import { InMemoryLimitStore, type AsyncLimitStore } from '@brane/limits';

class Tools {
  readonly sent: string[] = [];
  failNext = false;
  release: (() => void) | undefined;

  @Capability({ name: 'send' })
  send(to: string): string {
    if (this.failNext) throw new Error('smtp down');
    this.sent.push(to);
    return to;
  }

  @Capability({ name: 'refund' })
  async refund(tenant: string, amount: number): Promise<number> {
    if (this.failNext) throw new Error('gateway down');
    this.sent.push(tenant);
    return amount;
  }

  @Capability({ name: 'browse' })
  async browse(): Promise<string> {
    await new Promise<void>((resolve) => (this.release = resolve));
    return 'page';
  }
}

function setup(options: { now?: () => number; store?: ConstructorParameters<typeof Runtime>[0] } = {}) {
  const store = new InMemoryLimitStore({ now: options.now });
  const runtime = new Runtime({ limits: store, tenantId: 't1', ...options.store });
  runtime.beforeCapability('send', { name: 'email-rate' }, () =>
    Decision.allow().withLimits({ key: 'emails', max: 2, per: '1h' }),
  );
  runtime.beforeCapability('refund', { name: 'refund-budget' }, (ctx) =>
    Decision.allow().withLimits({
      key: `refunds:${ctx.arg<string>('tenant', '')}`,
      kind: 'sum',
      cost: ctx.arg<number>('amount', 0),
      max: 1000,
      per: '24h',
      refundOnFailure: true,
    }),
  );
  runtime.beforeCapability('browse', { name: 'browsers' }, () =>
    Decision.allow().withLimits({ key: 'browsers', kind: 'concurrent', max: 1 }),
  );
  return { runtime, store, tools: runtime.govern(new Tools()) };
}

describe('limits reserved by a decision', () => {
  it('counts synchronous calls and denies the one over `max`, naming the limit, what remains and when it frees', () => {
    let now = 1_000_000;
    const { tools } = setup({ now: () => now });
    expect(tools.send('a')).toBe('a');
    now += 1000;
    expect(tools.send('b')).toBe('b');
    let error: unknown;
    try {
      tools.send('c');
    } catch (caught) {
      error = caught;
    }
    if (!(error instanceof CapabilityDeniedError)) throw new Error('expected a deny');
    expect(error).toBeInstanceOf(CapabilityDeniedError);
    expect(error.limit).toEqual({
      key: 'emails',
      kind: 'count',
      max: 2,
      cost: 1,
      remaining: 0,
      retryAfterMs: 3_599_000,
    });
    expect(error.retryAfterMs).toBe(3_599_000);
    expect(error.message).toContain('`emails`');
    expect(tools.sent).toEqual(['a', 'b']);
    now += 3_599_000; // the first call leaves the window
    expect(tools.send('c')).toBe('c');
  });

  it('sums costs per key, and gives the cost back when the body fails with `refundOnFailure`', async () => {
    const { tools, runtime } = setup();
    await expect(tools.refund('acme', 600)).resolves.toBe(600);
    tools.failNext = true;
    await expect(tools.refund('acme', 300)).rejects.toThrow('gateway down');
    tools.failNext = false;
    await expect(tools.refund('acme', 400)).resolves.toBe(400);
    await expect(tools.refund('acme', 1)).rejects.toMatchObject({ limit: { key: 'refunds:acme', remaining: 0 } });
    await expect(tools.refund('globex', 1000)).resolves.toBe(1000);
    const explained = await runtime.explain('refund', ['acme', 5]);
    expect(explained.limits).toEqual([
      { key: 'refunds:acme', kind: 'sum', cost: 5, max: 1000, windowMs: 86_400_000, remaining: 0, fits: false },
    ]);
  });

  it('holds a concurrent slot while the body runs, and releases it when it ends', async () => {
    const { tools } = setup();
    const first = tools.browse();
    await new Promise((resolve) => setImmediate(resolve));
    await expect(tools.browse()).rejects.toMatchObject({
      limit: { key: 'browsers', kind: 'concurrent', remaining: 0 },
    });
    tools.release?.();
    await expect(first).resolves.toBe('page');
    const second = tools.browse();
    await new Promise((resolve) => setImmediate(resolve));
    tools.release?.();
    await expect(second).resolves.toBe('page');
  });

  it('counts a failed attempt without `refundOnFailure`', () => {
    const { tools } = setup();
    tools.failNext = true;
    expect(() => tools.send('a')).toThrow('smtp down');
    tools.failNext = false;
    tools.send('b');
    expect(() => tools.send('c')).toThrow(CapabilityDeniedError);
  });

  it('reserves nothing for a deny by a later policy, nor while an action waits for approval', async () => {
    const { tools, runtime, store } = setup({ store: { approvals: { store: new InMemoryApprovalStore() } } });
    runtime.beforeCapability('refund', { name: 'ask' }, (ctx) =>
      ctx.arg<number>('amount', 0) > 500
        ? Decision.requireApproval({ approverGroup: 'finance', reason: 'large refund' })
        : Decision.allow(),
    );
    runtime.beforeCapability('send', { name: 'no-c' }, (ctx) =>
      ctx.arg('to') === 'c' ? Decision.deny('not c') : Decision.allow(),
    );
    expect(() => tools.send('c')).toThrow('not c');
    expect(store.usage('emails')).toBeUndefined();
    const paused = await tools.refund('acme', 900).catch((error: unknown) => error);
    expect(paused).toBeInstanceOf(ApprovalRequiredError);
    expect(store.usage('refunds:acme')).toBeUndefined();
    await runtime.approvals.approve((paused as ApprovalRequiredError).approvalId, { approver: 'maria' });
    await expect(runtime.resume((paused as ApprovalRequiredError).approvalId)).resolves.toBe(900);
    expect(store.usage('refunds:acme')).toMatchObject({ used: 900, remaining: 100 });
  });

  it('lets policies read what remains', () => {
    const { tools, runtime } = setup();
    const seen: (number | undefined)[] = [];
    runtime.beforeCapability('send', { name: 'reader' }, (ctx) => {
      seen.push(ctx.limits.remainingSync('emails'));
      return Decision.allow();
    });
    tools.send('a');
    tools.send('b');
    expect(seen).toEqual([undefined, 1]);
  });

  it('records each reservation in the audit trail', async () => {
    const sink = new MemoryAuditSink();
    const { tools } = setup({ store: { audit: { sinks: [sink] } } });
    tools.send('a');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const executed = sink.events.find(isActionRecord);
    expect(executed).toMatchObject({ limits: [{ key: 'emails', kind: 'count', cost: 1, max: 2, remaining: 1 }] });
  });
});

describe('a limit store that fails', () => {
  const failing: AsyncLimitStore = {
    synchronous: false,
    reserve: () => Promise.reject(new Error('ECONNREFUSED')),
    release: () => Promise.resolve(),
    renew: () => Promise.resolve(),
    usage: () => Promise.resolve(undefined),
  };

  it('denies (fail closed), and allows only when every limit says `onStoreError: allow`', async () => {
    const runtime = new Runtime({ limits: failing });
    let open = false;
    runtime.beforeCapability('refund', { name: 'budget' }, () =>
      Decision.allow().withLimits({
        key: 'k',
        kind: 'sum',
        cost: 1,
        max: 5,
        per: '1m',
        onStoreError: open ? 'allow' : 'deny',
      }),
    );
    const tools = runtime.govern(new Tools());
    await expect(tools.refund('a', 1)).rejects.toThrow(/could not reserve limit `k`/);
    open = true;
    await expect(tools.refund('a', 1)).resolves.toBe(1);
  });

  it('refuses a synchronous capability whose limits are counted in a remote store', () => {
    const runtime = new Runtime({ limits: failing });
    runtime.beforeCapability('send', { name: 'rate' }, () =>
      Decision.allow().withLimits({ key: 'k', max: 5, per: '1m' }),
    );
    const tools = runtime.govern(new Tools());
    expect(() => tools.send('a')).toThrow(/cannot reserve limits in a remote limit store/);
    expect(tools.sent).toEqual([]);
  });

  it('records the decision of a call with limits on its action, attributed to its policy and action', () => {
    class Mailer {
      seen: AgentAction | undefined;
      @Capability({ name: 'mail' })
      mail(): string {
        this.seen = currentAction();
        return 'sent';
      }
    }
    const runtime = new Runtime();
    runtime.beforeCapability('mail', { name: 'mail-rate', version: '3' }, () =>
      Decision.allow().withLimits({ key: 'mail', max: 5, per: '1h' }),
    );
    const mailer = runtime.govern(new Mailer());
    expect(mailer.mail()).toBe('sent');
    const action = mailer.seen as AgentAction;
    const decision = action.decision as Decision;
    expect(decision.type).toBe('allow');
    expect(decision.policyName).toBe('mail-rate');
    expect(decision.policyVersion).toBe('3');
    expect(decision.actionId).toBe(action.actionId);
    expect(decision.limits?.map((limit) => limit.key)).toEqual(['mail']);
    expect(action.decision).toBe(decision); // attributed once
  });

  it('reserves the limits of an allow composed with a transform of the arguments, and runs with the transformed ones', () => {
    const { runtime, store, tools } = setup();
    runtime.beforeCapability('send', { name: 'rewrite', priority: 10 }, () =>
      Decision.transformInput({ patch: { to: 'b' } }),
    );
    expect(tools.send('a')).toBe('b');
    expect(tools.sent).toEqual(['b']);
    expect(store.usage('emails')?.used).toBe(1);
  });
});

describe('a limit store that refuses the action id', () => {
  /** The in-memory store behind the remote interface: it is given the action's id as a string, as Redis is. */
  function remote(inner = new InMemoryLimitStore()): AsyncLimitStore {
    return {
      synchronous: false,
      reserve: async (id, limits) => inner.reserve(id, limits),
      release: async (reservation, indices) => {
        inner.release(reservation, indices);
      },
      renew: async (reservation) => {
        inner.renew(reservation);
      },
      usage: async (key) => inner.usage(key),
    };
  }

  it('denies a call whose id already holds a reservation of the key, even when its limits fail open', async () => {
    const store = remote();
    const runtime = new Runtime({ limits: store });
    runtime.beforeCapability('refund', { name: 'budget' }, async (ctx) => {
      // Misuse: a policy that reserves under the action's own id, before the runtime does.
      await store.reserve(ctx.action.actionId, [validateLimit({ key: 'k', max: 5, per: '1m' })]);
      return Decision.allow().withLimits({ key: 'k', max: 5, per: '1m', onStoreError: 'allow' });
    });
    const tools = runtime.govern(new Tools());
    const denied = tools.refund('a', 1);
    await expect(denied).rejects.toThrow(CapabilityDeniedError);
    await expect(denied).rejects.toThrow(/refused to reserve this action's limits: .*already holds a reservation/);
    expect(tools.sent).toEqual([]); // never run, never failed open
    expect((await store.usage('k'))?.used).toBe(1); // the policy's reservation, kept
  });
});

describe('a call whose request aborts while it holds limits', () => {
  class Browser {
    signals: (AbortSignal | undefined)[] = [];
    runs = 0;

    @Capability({ name: 'browse' })
    async browse(): Promise<string> {
      this.runs++;
      this.signals.push(currentAction()?.signal);
      return await new Promise<string>(() => undefined); // never settles, ignoring its signal
    }

    @Capability({ name: 'fetch_page' })
    async fetchPage(): Promise<string> {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return 'page';
    }
  }

  function browserOn(options: ConstructorParameters<typeof Runtime>[0] = {}) {
    const store = new InMemoryLimitStore();
    const runtime = new Runtime({ limits: store, ...options });
    runtime.beforeCapability('browse', { name: 'slots' }, () =>
      Decision.allow().withLimits(
        { key: 'browsers', kind: 'concurrent', max: 1 },
        { key: 'spend', kind: 'sum', cost: 3, max: 10, per: '1h', refundOnFailure: true },
      ),
    );
    runtime.beforeCapability('fetch_page', { name: 'fetch-slots' }, () =>
      Decision.allow().withLimits({ key: 'fetchers', kind: 'concurrent', max: 1 }),
    );
    return { runtime, store, browser: runtime.govern(new Browser()) };
  }

  it.each([
    ['not audited', {}],
    ['audited', { audit: { sinks: [new MemoryAuditSink()] } }],
  ])('is cancelled (%s): rejected with the reason, its slot released and its cost refunded', async (_, options) => {
    const { runtime, store, browser } = browserOn(options);
    const request = new AbortController();
    const call = runtime.withContext({ signal: request.signal }, () => browser.browse());
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(store.usage('browsers')?.used).toBe(1);
    await expect(browser.browse()).rejects.toThrow(CapabilityDeniedError); // the slot is held

    request.abort(new Error('the client went away'));
    await expect(call).rejects.toThrow('the client went away');
    expect(store.usage('browsers')).toBeUndefined();
    expect(store.usage('spend')).toBeUndefined(); // `refundOnFailure`: a cancelled call failed
    expect(browser.signals[0]?.aborted).toBe(true); // the body was told to stop
    void browser.browse(); // the slot is free again
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(browser.runs).toBe(2);
  });

  it('runs nothing, and holds nothing, for a request that already aborted', async () => {
    const { runtime, store, browser } = browserOn();
    const request = new AbortController();
    request.abort(new Error('gone before it started'));
    await expect(runtime.withContext({ signal: request.signal }, () => browser.browse())).rejects.toThrow(
      'gone before it started',
    );
    expect(browser.runs).toBe(0);
    expect(store.usage('browsers')).toBeUndefined();
  });

  it('gives the body the request signal with its sandbox time limit, and finishes normally when neither fires', async () => {
    const { runtime, store, browser } = browserOn();
    const request = new AbortController();
    await expect(runtime.withContext({ signal: request.signal }, () => browser.fetchPage())).resolves.toBe('page');
    expect(store.usage('fetchers')).toBeUndefined();
    request.abort(); // after the call ended: nothing to cancel
  });
});
