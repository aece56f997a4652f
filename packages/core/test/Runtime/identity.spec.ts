import { Decision } from '@brane/decisions';
import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { Capability, Runtime, currentAction } from '@brane/core';
import { recordingRuntime } from '../fixtures/recorder';

class Worker {
  @Capability({ name: 'work' })
  async work(job: string): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    return `${job}:${currentAction()?.tenantId ?? 'none'}`;
  }

  @Capability({ name: 'pipeline' })
  async pipeline(job: string): Promise<string[]> {
    const first = await this.work(`${job}.1`);
    await new Promise((resolve) => setTimeout(resolve, 1));
    const second = await this.work(`${job}.2`);
    return [first, second];
  }

  @Capability({ name: 'sync_step' })
  syncStep(): string | undefined {
    return currentAction()?.capability.name;
  }
}

class RefundWorker {
  @Capability({ name: 'refund_scoped', scopes: ['refunds:create'] })
  async refund(customerId: string): Promise<string> {
    return customerId;
  }
}

describe('the action of each call', () => {
  it('records ids, trace, time and the identity it ran under', () => {
    const runtime = new Runtime({
      agentId: 'agent_1',
      environment: 'staging',
      tenantId: 't1',
      principalId: 'user_9',
      scopes: ['a:b'],
    });
    let action: ReturnType<typeof currentAction>;
    runtime.beforeCapability('sync_step', { name: 'capture' }, (ctx) => {
      action = ctx.action as ReturnType<typeof currentAction>;
      return Decision.allow();
    });
    const before = Date.now();
    runtime.govern(new Worker()).syncStep();
    expect(action).toBeDefined();
    expect(action!.actionId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(action!.traceId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(action!.traceId).not.toBe(action!.actionId);
    expect(Date.parse(action!.timestamp)).toBeGreaterThanOrEqual(before);
    expect(action!.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(action).toMatchObject({
      agentId: 'agent_1',
      environment: 'staging',
      tenantId: 't1',
      principalId: 'user_9',
      scopes: ['a:b'],
      actionType: 'tool_call',
      parentActionId: undefined,
    });
    expect(action!.output).toBe('sync_step');
  });

  it('is the current action while the body runs', () => {
    expect(new Runtime().govern(new Worker()).syncStep()).toBe('sync_step');
    expect(currentAction()).toBeUndefined();
  });

  it('nested async calls are children of their caller and share its trace, across awaits', async () => {
    const { runtime, seen } = recordingRuntime();
    const actions: { name: string; id: string; parent: string | undefined; trace: string }[] = [];
    runtime.beforeCapability('*', { name: 'trace' }, (ctx) => {
      actions.push({
        name: ctx.capability.name,
        id: ctx.action.actionId,
        parent: ctx.action.parentActionId,
        trace: ctx.action.traceId,
      });
      return Decision.allow();
    });
    await runtime.govern(new Worker()).pipeline('job');
    expect(seen).toHaveLength(3);
    const [outer, first, second] = actions;
    expect(first?.parent).toBe(outer?.id);
    expect(second?.parent).toBe(outer?.id);
    expect(new Set(actions.map((a) => a.trace)).size).toBe(1);
  });

  it('separate top-level calls start separate traces', async () => {
    const traces: string[] = [];
    const runtime = new Runtime();
    runtime.beforeCapability('work', { name: 'trace' }, (ctx) => {
      traces.push(ctx.action.traceId);
      return Decision.allow();
    });
    const worker = runtime.govern(new Worker());
    await Promise.all([worker.work('a'), worker.work('b')]);
    expect(new Set(traces).size).toBe(2);
  });
});

describe('withContext', () => {
  it('overrides only the fields it names; the rest come from the enclosing frame, then the runtime', async () => {
    const runtime = new Runtime({
      agentId: 'agent',
      tenantId: 'default_tenant',
      principalId: 'default_user',
      scopes: ['x:read'],
    });
    const outer = runtime.withContext({ tenantId: 't_outer', traceId: 'trace_1' }, () =>
      runtime.withContext({ principalId: 'user_inner' }, () => runtime.identity),
    );
    expect(outer).toEqual({
      agentId: 'agent',
      environment: 'dev',
      tenantId: 't_outer',
      principalId: 'user_inner',
      scopes: ['x:read'],
      traceId: 'trace_1',
    });
    expect(runtime.identity.tenantId).toBe('default_tenant');
  });

  it('a field named as undefined clears it: an anonymous request never runs as the runtime', async () => {
    const runtime = new Runtime({ tenantId: 'service', principalId: 'service_user', scopes: ['refunds:*'] });
    const anonymous: { tenant?: string; user?: { id: string; scopes: string[] } } = {};
    const identity = runtime.withContext(
      { tenantId: anonymous.tenant, principalId: anonymous.user?.id, scopes: anonymous.user?.scopes },
      () => runtime.identity,
    );
    expect(identity).toMatchObject({ tenantId: undefined, principalId: undefined, scopes: [] });

    const worker = runtime.govern(new RefundWorker());
    await expect(
      runtime.withContext({ principalId: undefined, scopes: undefined }, () => worker.refund('c1')),
    ).rejects.toMatchObject({ policyName: 'brane.required_scopes' });
  });

  it('a session is named, inherited and cleared like the other fields', () => {
    const runtime = new Runtime({ tenantId: 'service' });
    expect(runtime.identity.sessionId).toBeUndefined();
    const seen = runtime.withContext({ sessionId: 'run_1' }, () => [
      runtime.identity.sessionId,
      runtime.withContext({ principalId: 'maria' }, () => runtime.identity.sessionId),
      runtime.withContext({ sessionId: undefined }, () => runtime.identity.sessionId),
      runtime.withContext({ sessionId: 'run_2' }, () => runtime.identity.sessionId),
    ]);
    expect(seen).toEqual(['run_1', 'run_1', undefined, 'run_2']);
    expect(() => runtime.withContext({ sessionId: 'run 1' }, () => 0)).toThrow(/sessionId/);
  });

  it('a nested frame clears what it names and keeps the rest of the enclosing frame', () => {
    const runtime = new Runtime({ tenantId: 'service', principalId: 'service_user', scopes: ['a:b'] });
    const inner = runtime.withContext({ tenantId: 't1', principalId: 'maria', scopes: ['c:d'] }, () =>
      runtime.withContext({ principalId: undefined }, () => runtime.identity),
    );
    expect(inner).toMatchObject({ tenantId: 't1', principalId: undefined, scopes: ['c:d'] });
    expect(runtime.withContext({}, () => runtime.identity)).toMatchObject({
      tenantId: 'service',
      principalId: 'service_user',
      scopes: ['a:b'],
    });
  });

  it('explain reads a context the same way', async () => {
    const runtime = new Runtime({ tenantId: 'service', scopes: ['refunds:*'] });
    runtime.capability({ name: 'refund_explained', scopes: ['refunds:create'] }, (customerId: string) => customerId);
    const { decision } = await runtime.explain('refund_explained', { customerId: 'c' }, { scopes: undefined });
    expect(decision.denied).toBe(true);
  });

  it('returns what the function returns, including a promise', async () => {
    const runtime = new Runtime();
    expect(runtime.withContext({ tenantId: 't' }, () => 42)).toBe(42);
    await expect(runtime.withContext({ tenantId: 't' }, async () => 43)).resolves.toBe(43);
  });

  it('joins actions to the given trace', async () => {
    const traces: string[] = [];
    const runtime = new Runtime();
    runtime.beforeCapability('*', { name: 'trace' }, (ctx) => {
      traces.push(ctx.action.traceId);
      return Decision.allow();
    });
    const worker = runtime.govern(new Worker());
    await runtime.withContext({ traceId: 'req-123' }, () => worker.pipeline('x'));
    expect(traces).toEqual(['req-123', 'req-123', 'req-123']);
  });

  it('stays isolated across concurrent requests: timers, promise chains and event emitters', async () => {
    const { runtime, seen } = recordingRuntime({ tenantId: 'nobody' });
    const worker = runtime.govern(new Worker());
    const emitter = new EventEmitter();
    const results: string[] = [];
    const requests = Array.from({ length: 200 }, (_, i) => {
      const tenantId = `tenant_${i % 17}`;
      return runtime.withContext({ tenantId }, async () => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
        const viaChain = await Promise.resolve(`job_${i}`).then((job) => worker.work(job));
        const viaEmitter = await new Promise<string>((resolve) => {
          emitter.once(`go_${i}`, () => {
            resolve(worker.work(`emitted_${i}`));
          });
          setTimeout(() => emitter.emit(`go_${i}`), Math.random() * 3);
        });
        results.push(viaChain, viaEmitter);
        return [viaChain, viaEmitter].every((r) => r.endsWith(`:${tenantId}`));
      });
    });
    expect(await Promise.all(requests)).toEqual(Array(200).fill(true));
    expect(results).toHaveLength(400);
    for (const entry of seen) {
      const index = Number(/_(\d+)$/.exec(String(entry.args.job))?.[1]);
      expect(entry.tenantId).toBe(`tenant_${index % 17}`);
    }
  });

  it("every runtime keeps its own overrides, nested inside another runtime's", async () => {
    const a = new Runtime({ tenantId: 'a_default' });
    const b = new Runtime({ tenantId: 'b_default' });
    const seen = await a.withContext({ tenantId: 'a_1' }, () =>
      b.withContext({ tenantId: 'b_1' }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return [a.identity.tenantId, b.identity.tenantId];
      }),
    );
    expect(seen).toEqual(['a_1', 'b_1']);
    expect(b.withContext({ tenantId: 'b_2' }, () => a.identity.tenantId)).toBe('a_default');
  });

  it('runtimes share one AsyncLocalStorage: each enabled one slows every promise of the process', () => {
    // Node propagates every enabled AsyncLocalStorage to every new promise, timer and callback, and never
    // forgets one; a storage per runtime made a process that created 1,000 runtimes ~1,000 times slower.
    const storages = new Set<unknown>();
    const original = AsyncLocalStorage.prototype.run;
    const run = jest.spyOn(AsyncLocalStorage.prototype, 'run').mockImplementation(function (
      this: AsyncLocalStorage<unknown>,
      ...args: unknown[]
    ): unknown {
      storages.add(this);
      return Reflect.apply(original, this, args);
    });
    try {
      for (let i = 0; i < 20; i++) {
        const runtime = new Runtime();
        expect(runtime.withContext({ tenantId: `t${i}` }, () => runtime.identity.tenantId)).toBe(`t${i}`);
      }
    } finally {
      run.mockRestore();
    }
    expect(storages.size).toBe(1);
  });

  it.each([
    [{ tenant: 't' }, /unknown option `tenant`/],
    [{ tenantId: '' }, /`tenantId`/],
    [{ scopes: ['bad scope'] }, /`scopes.0` must be a scope/],
    [{ agentId: 'other' }, /unknown option `agentId`/],
  ])('refuses invalid overrides %j', (overrides, message) => {
    const runtime = new Runtime();
    expect(() => runtime.withContext(overrides as never, () => 1)).toThrow(message);
    expect(() => runtime.withContext(overrides as never, () => 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }) as Error,
    );
  });

  it('refuses a missing function', () => {
    expect(() => new Runtime().withContext({}, undefined as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error,
    );
  });
});
