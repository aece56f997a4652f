import { InMemoryApprovalStore } from '@brane/approvals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CALLER_CONTEXT,
  MemoryAuditSink,
  isActionRecord,
  queryAuditEvents,
  verifyAuditDirectory,
  type ActionRecord,
  type AuditEvent,
  type AuditSink,
} from '@brane/audit';
import { Decision } from '@brane/decisions';
import { AuditError, CapabilityDeniedError, ConfigurationError } from '@brane/errors';
import { Capability, Runtime, currentAction, type RuntimeOptions } from '@brane/core';

const SECRET_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyXzQyIn0.dQw4w9WgXcQ-abcdefghijklmnopqrstuvwxyz012';

class Payments {
  readonly log: string[] = [];
  seenBeforeRun: readonly AuditEvent[] = [];

  constructor(private readonly sink?: MemoryAuditSink) {}

  @Capability({ name: 'charge', risk: 'high', sensitive: ['cardNumber'] })
  async charge(customerId: string, cardNumber: string, apiKey: string): Promise<string> {
    this.log.push(`charge ${customerId} ending ${cardNumber.slice(-4)}`);
    return `charged ${customerId} with ${apiKey.length} chars`;
  }

  @Capability({ name: 'charge_sync', durability: 'sync' })
  chargeSync(customerId: string): string {
    this.seenBeforeRun = [...(this.sink?.events ?? [])];
    this.log.push(`charge_sync ${customerId}`);
    return `charged ${customerId}`;
  }

  @Capability({ name: 'explode' })
  async explode(token: string): Promise<string> {
    throw new Error(`upstream said no to Bearer ${token}`);
  }
}

function setup(options: Omit<RuntimeOptions, 'audit'> & { readonly sinks?: readonly AuditSink[] } = {}) {
  const sink = new MemoryAuditSink();
  const { sinks = [sink], ...rest } = options;
  const runtime = new Runtime({ tenantId: 'acme', agentId: 'billing-agent', ...rest, audit: { sinks } });
  const payments = runtime.govern(new Payments(sink));
  return { runtime, payments, sink };
}

const records = (events: readonly AuditEvent[]): ActionRecord[] => events.filter(isActionRecord);

describe('the audit trail of governed calls: one record per action', () => {
  it('records an allowed call: who, what, each policy (shadow too), the enforced decision, the outcome', async () => {
    const { runtime, payments, sink } = setup();
    runtime.beforeCapability('charge', { name: 'first', version: '1' }, () => Decision.allow());
    runtime.beforeCapability('charge', { name: 'watch', mode: 'shadow' }, () => Decision.deny('would block'));

    await payments.charge('cust_1', '4111111111111111', SECRET_KEY);
    await runtime.close();

    expect(sink.events).toHaveLength(1);
    const [record] = records(sink.events);
    expect(record).toMatchObject({
      v: 2,
      type: 'action',
      phase: 'completed',
      capability: 'charge',
      capabilityType: 'tool',
      risk: 'high',
      tenantId: 'acme',
      agentId: 'billing-agent',
      outcome: 'allowed',
      decisions: { before: { type: 'allow', policyName: 'first', policyVersion: '1' } },
    });
    expect(record?.policies).toStrictEqual([
      { name: 'first', version: '1', stage: 'before', decision: 'allow', durationMs: expect.any(Number) as number },
      {
        name: 'watch',
        stage: 'before',
        decision: 'deny',
        reason: 'would block',
        durationMs: expect.any(Number) as number,
        shadow: true,
      },
    ]);
    expect(record?.executionMs).toBeGreaterThanOrEqual(0);
    expect(record?.durationMs).toBeGreaterThanOrEqual(record?.executionMs ?? 0);
    expect(Date.parse(record?.time ?? '')).not.toBeNaN();
    // Serialised, the record is the same data: what a JSONL line or a collector gets.
    expect(JSON.parse(JSON.stringify(record))).toMatchObject({ v: 2, outcome: 'allowed', policies: [{}, {}] });
  });

  it('records a deny: the reason and stage, no execution', async () => {
    const { runtime, payments, sink } = setup();
    runtime.beforeCapability('charge', { name: 'no' }, () => Decision.deny('Card blocked'));

    await expect(payments.charge('cust_1', '4111', 'k')).rejects.toBeInstanceOf(CapabilityDeniedError);
    await runtime.close();

    const [record] = records(sink.events);
    expect(sink.events).toHaveLength(1);
    expect(record).toMatchObject({ outcome: 'denied', stage: 'before', reason: 'Card blocked' });
    expect(record?.decisions.before).toMatchObject({ type: 'deny', reason: 'Card blocked', policyName: 'no' });
    expect(record?.executionMs).toBeUndefined();
    expect(payments.log).toHaveLength(0);
  });

  it('records a failing capability with its error, and after-policies with their stage', async () => {
    const { runtime, payments, sink } = setup();
    runtime.afterCapability('charge', { name: 'tag' }, () => Decision.logOnly('review charges'));

    await payments.charge('cust_1', '4111', 'k');
    await expect(payments.explode('abc.def.ghi-secret-token-value')).rejects.toThrow(/upstream said no/);
    await runtime.close();

    const [charge, explode] = records(sink.events);
    expect(charge?.decisions.before?.type).toBe('allow');
    expect(charge?.decisions.after).toMatchObject({ type: 'log_only', markedForReview: true });
    expect(charge?.policies.map((policy) => [policy.name, policy.stage])).toStrictEqual([['tag', 'after']]);
    expect(explode).toMatchObject({ capability: 'explode', outcome: 'failed', error: { name: 'Error' } });
  });

  it('records the parent of a sub-action', async () => {
    const sink = new MemoryAuditSink();
    const runtime = new Runtime({ audit: { sinks: [sink] } });
    const inner = runtime.capability({ name: 'inner' }, (x: number) => x + 1);
    const outer = runtime.capability({ name: 'outer' }, (x: number) => inner(x));

    expect(outer(1)).toBe(2);
    await runtime.close();

    const [innerRecord, outerRecord] = records(sink.events);
    expect(innerRecord?.capability).toBe('inner');
    expect(innerRecord?.parentActionId).toBe(outerRecord?.actionId);
    expect(outerRecord?.parentActionId).toBeUndefined();
  });

  it("hands each sink what it captured in the caller's context when the action started (the OTel span link)", async () => {
    const caller = new AsyncLocalStorage<string>();
    const seen: AuditEvent[] = [];
    const sink: AuditSink = {
      name: 'tracing',
      write: (events) => void seen.push(...events),
      captureContext: () => caller.getStore(),
    };
    const runtime = new Runtime({ audit: { sinks: [sink] } });
    const step = runtime.capability({ name: 'step' }, async (n: number) => n);

    await caller.run('agent-run-span', () => step(1));
    await step(2);
    await runtime.close();

    const [inRun, outside] = records(seen);
    expect(inRun?.[CALLER_CONTEXT]?.get(sink)).toBe('agent-run-span');
    expect(outside?.[CALLER_CONTEXT]).toBeUndefined();
    expect(JSON.stringify(inRun)).not.toContain('agent-run-span');
  });

  it('never lets a secret reach a sink: sensitive arguments, key shapes, tokens in errors and reasons', async () => {
    const { runtime, payments, sink } = setup();
    runtime.beforeCapability('charge', { name: 'leaky' }, () => Decision.logOnly(`token ${JWT} looked odd`));

    await payments.charge('cust_1', '4111111111111111', SECRET_KEY);
    await expect(payments.explode(JWT)).rejects.toThrow();
    await runtime.close();

    const written = JSON.stringify(sink.events);
    expect(written).not.toContain('4111111111111111');
    expect(written).not.toContain(SECRET_KEY);
    expect(written).not.toContain(JWT);
    expect(records(sink.events)[0]?.args).toMatchObject({ customerId: 'cust_1', cardNumber: '[REDACTED]' });
  });

  it('masks a secret known by name wherever a reason or an error message repeats it', async () => {
    // No known shape: only its name (an argument `password`, an output field `apiKey`) says it is a secret.
    const opaque = 'cnryQ7x9ZkLm3PwT8vRb2NdF';
    const sink = new MemoryAuditSink();
    const audited = new Runtime({ tenantId: 'acme', audit: { sinks: [sink] } });
    const login = audited.capability({ name: 'login' }, async (user: string, password: string) => {
      if (user === 'crash') throw new Error(`upstream refused ${password}`);
      return { user, apiKey: `${password}-issued` };
    });
    audited.beforeCapability('login', { name: 'weak' }, (ctx) =>
      ctx.arg('user') === 'weak'
        ? Decision.deny(`password ${String(ctx.arg('password'))} is too weak`)
        : Decision.allow(),
    );
    audited.afterCapability('login', { name: 'issued' }, (ctx) =>
      ctx.arg('user') === 'leaky'
        ? Decision.deny(`issued ${(ctx.output as { apiKey: string }).apiKey}`)
        : Decision.logOnly(`login of ${String(ctx.arg('user'))} with ${String(ctx.arg('password'))}`),
    );

    await expect(login('weak', opaque)).rejects.toThrow(CapabilityDeniedError);
    await expect(login('crash', opaque)).rejects.toThrow(/upstream refused/);
    await expect(login('leaky', opaque)).rejects.toThrow(CapabilityDeniedError);
    await expect(login('ann', opaque)).resolves.toMatchObject({ user: 'ann' });
    await audited.close();

    const all = records(sink.events);
    expect(JSON.stringify(sink.events)).not.toContain(opaque);
    expect(all.map((record) => record.reason)).toStrictEqual([
      'password [REDACTED] is too weak',
      'upstream refused [REDACTED]',
      'issued [REDACTED]', // the output's whole `apiKey`, which contains the password
      undefined,
    ]);
    expect(all[1]?.error?.message).toBe('upstream refused [REDACTED]');
    expect(all[3]?.decisions.after?.reason).toBe('login of ann with [REDACTED]');
    expect(all.every((record) => record.tenantId === 'acme')).toBe(true);
  });

  it("durability 'sync': a record of the decision is in the sink before the capability runs, completed after", async () => {
    const { runtime, payments, sink } = setup();
    runtime.beforeCapability('charge_sync', { name: 'ok' }, () => Decision.allow());

    payments.chargeSync('cust_9');

    const [decided] = records(payments.seenBeforeRun);
    expect(payments.seenBeforeRun).toHaveLength(1);
    expect(decided).toMatchObject({ phase: 'decided', decisions: { before: { type: 'allow' } } });
    expect(decided?.outcome).toBeUndefined();
    await runtime.close();
    const [, completed] = records(sink.events);
    expect(completed).toMatchObject({ phase: 'completed', actionId: decided?.actionId, outcome: 'allowed' });
  });

  it("durability 'sync' for async calls: each body runs only once its decision is durable", async () => {
    const durable = new Set<string>();
    const sink: AuditSink = {
      name: 'durable',
      write: () => undefined,
      writeDurable: async (events) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        for (const event of events) if (isActionRecord(event) && event.phase === 'decided') durable.add(event.actionId);
      },
    };
    const runtime = new Runtime({ audit: { sinks: [sink], durability: 'sync' } });
    const ranDurable: boolean[] = [];
    const step = runtime.capability({ name: 'step' }, async () => {
      ranDurable.push(durable.has(currentAction()?.actionId ?? ''));
      return 'done';
    });

    await Promise.all(Array.from({ length: 16 }, () => step()));
    await runtime.close();

    expect(ranDurable).toStrictEqual(Array.from({ length: 16 }, () => true));
  });

  it("durability 'sync' for async calls: a record that cannot be made durable denies the action", async () => {
    const sink: AuditSink = {
      name: 'broken',
      write: () => undefined,
      writeDurable: () => Promise.reject(new Error('disk full')),
    };
    const runtime = new Runtime({ audit: { sinks: [sink], durability: 'sync' } });
    const ran: string[] = [];
    const step = runtime.capability({ name: 'step' }, async () => void ran.push('ran'));

    await expect(step()).rejects.toBeInstanceOf(AuditError);
    expect(ran).toHaveLength(0);
  });

  it("durability 'sync': a record that cannot be written denies the action", () => {
    const failing: AuditSink = {
      name: 'broken',
      write: () => undefined,
      writeSync: () => {
        throw new Error('disk full');
      },
    };
    const { payments } = setup({ sinks: [failing] });

    expect(() => payments.chargeSync('cust_9')).toThrow(AuditError);
    expect(payments.log).toHaveLength(0);
  });

  it("durability 'sync': a synchronous capability is refused when governed if no sink can write synchronously", () => {
    const remote: AuditSink = { name: 'remote', write: () => Promise.resolve(), writeDurable: () => Promise.resolve() };
    const runtime = new Runtime({ environment: 'test', audit: { sinks: [remote], durability: 'sync' } });
    expect(() => runtime.govern(new Payments())).toThrow(
      /runtime\.govern\(Payments\): synchronous capability `charge_sync` has `durability: 'sync'`, but no audit sink can write synchronously/,
    );
    expect(() => runtime.capability({ name: 'lookup' }, (id: string) => id)).toThrow(ConfigurationError);
    const mixed = new Runtime({
      environment: 'test',
      audit: { sinks: [remote, new MemoryAuditSink()], durability: 'sync' },
    });
    expect(() => mixed.govern(new Payments())).not.toThrow();
    const lax = new Runtime({ environment: 'test', audit: { sinks: [remote] } });
    expect(() => lax.capability({ name: 'lookup' }, (id: string) => id)).not.toThrow();
  });

  it('a failing sink never breaks the call', async () => {
    const memory = new MemoryAuditSink();
    const failing: AuditSink = { name: 'flaky', write: () => Promise.reject(new Error('collector down')) };
    const { runtime, payments } = setup({ sinks: [failing, memory] });

    await expect(payments.charge('cust_1', '4111', 'k')).resolves.toMatch(/charged/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(records(memory.events)).toHaveLength(1);
    expect(runtime.auditStats()['flaky']).toMatchObject({ dropped: 0 });
    expect(runtime.auditStats()['flaky']?.failures).toBeGreaterThan(0);
    expect(runtime.auditStats()['flaky']?.queued).toBeGreaterThan(0);
  });

  it('records the approval lifecycle: the request in the action record, the decision and the resume as events', async () => {
    const store = new InMemoryApprovalStore();
    const { runtime, payments, sink } = setup({ approvals: { store } });
    runtime.beforeCapability('charge', { name: 'big' }, (ctx) =>
      ctx.approval === undefined
        ? Decision.requireApproval({ approverGroup: 'finance', reason: 'Large charge' })
        : Decision.allow(),
    );

    const error = (await payments.charge('cust_1', '4111', 'k').catch((e: unknown) => e)) as { approvalId: string };
    await runtime.approvals.approve(error.approvalId, { approver: 'maria' });
    await runtime.resume(error.approvalId);
    await runtime.close();

    expect(sink.events.map((event) => event.type).filter((type) => type.startsWith('approval.'))).toStrictEqual([
      'approval.approved',
      'approval.resumed',
    ]);
    const [asked, ran] = records(sink.events);
    expect(asked).toMatchObject({
      outcome: 'approval_required',
      approval: { approvalId: error.approvalId, status: 'requested', approverGroups: ['finance'] },
    });
    expect(ran).toMatchObject({
      outcome: 'allowed',
      approval: { approvalId: error.approvalId, status: 'granted', by: 'maria' },
    });
    expect(sink.ofType('approval.approved')[0]).toMatchObject({ approvalId: error.approvalId, by: 'maria' });
  });

  it('records nothing, and costs nothing, without sinks', async () => {
    const runtime = new Runtime();
    const payments = runtime.govern(new Payments());

    await expect(payments.charge('cust_1', '4111', 'k')).resolves.toMatch(/charged/);
    await expect(runtime.close()).resolves.toBeUndefined();
  });

  it('refuses bad audit options', () => {
    expect(() => new Runtime({ audit: { sinks: [] } })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }) as Error,
    );
    expect(() => new Runtime({ audit: { sinks: [{ name: 'x' } as never] } })).toThrow(/AuditSink/);
    expect(() => new Runtime({ audit: { sinks: [new MemoryAuditSink()], overflow: 'explode' as never } })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }) as Error,
    );
  });
});

describe('runtime.explain', () => {
  it('lists every matching policy in order, its decision and whether it was enforced, without running anything', async () => {
    const { runtime, payments, sink } = setup();
    runtime.beforeCapability('charge', { name: 'a', priority: 3 }, () => Decision.allow());
    runtime.beforeCapability('charge', { name: 'shadow', priority: 2, mode: 'shadow' }, () => Decision.deny('x'));
    runtime.beforeCapability('charge', { name: 'limit', priority: 1 }, (ctx) =>
      ctx.tenantId === 'acme' ? Decision.deny('acme is blocked') : Decision.allow(),
    );
    runtime.beforeCapability('charge', { name: 'never', priority: 0 }, () => Decision.allow());

    const explanation = await runtime.explain('charge', { customerId: 'c1', cardNumber: '4111', apiKey: 'k' });

    expect(explanation.policies.map((p) => [p.policy, p.evaluated, p.decision?.type, p.enforced])).toStrictEqual([
      ['a', true, 'allow', true],
      ['shadow', true, 'deny', false],
      ['limit', true, 'deny', true],
      ['never', false, undefined, false],
    ]);
    expect(explanation.decision).toMatchObject({ type: 'deny', reason: 'acme is blocked', policyName: 'limit' });
    expect(payments.log).toHaveLength(0);
    expect(sink.events).toHaveLength(0);

    const other = await runtime.explain('charge', ['c1', '4111', 'k'], { tenantId: 'globex' });
    expect(other.decision.type).toBe('allow');
  });

  it('refuses an unknown capability or argument', async () => {
    const { runtime } = setup();

    await expect(runtime.explain('nope', [])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(runtime.explain('charge', { amount: 1 })).rejects.toMatchObject({ code: 'UNKNOWN_ARGUMENT' });
  });
});

describe('the default audit sink', () => {
  it('is a JSONL file under .brane/audit of the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brane-default-audit-'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const runtime = new Runtime({ audit: {} });
      const payments = runtime.govern(new Payments());
      await payments.charge('cust_1', '4111', 'k');
      await runtime.close();

      const events = await queryAuditEvents(join(dir, '.brane', 'audit'));
      expect(records(events).map((record) => record.outcome)).toStrictEqual(['allowed']);
      expect((await verifyAuditDirectory(join(dir, '.brane', 'audit'))).every((result) => result.ok)).toBe(true);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the audit trail of a call whose reason or error quotes a huge argument (security review, finding 10)', () => {
  const huge = 'c'.repeat(5_000_000);
  /** The size of the records without their arguments, which are recorded whole. */
  const sizeBesidesArgs = (events: readonly AuditEvent[]) =>
    JSON.stringify(
      records(events).map((record) => ({ ...(JSON.parse(JSON.stringify(record)) as object), args: undefined })),
    ).length;

  it('bounds every reason a denied call records: policy, decision, completion', async () => {
    const { runtime, payments, sink } = setup();
    runtime.beforeCapability('charge', { name: 'quotes' }, (ctx) =>
      Decision.deny(`No customer ${String(ctx.arg('customerId'))}`),
    );

    await expect(payments.charge(huge, '4242', 'k')).rejects.toThrow(CapabilityDeniedError);
    await runtime.close();

    expect(sizeBesidesArgs(sink.events)).toBeLessThan(20_000);
    const [completed] = records(sink.events);
    expect(completed?.policies[0]?.reason).toMatch(/ … \[cut 4,998,012 characters\]$/);
    expect(completed).toMatchObject({ reason: expect.stringMatching(/ … \[cut 4,998,012 characters\]$/) as string });
  });

  it('bounds the error message of a capability that threw', async () => {
    const { runtime, payments, sink } = setup();

    await expect(payments.explode(huge)).rejects.toThrow(/upstream said no/);
    await runtime.close();

    expect(sizeBesidesArgs(sink.events)).toBeLessThan(20_000);
    const [executed] = records(sink.events);
    expect(executed).toMatchObject({
      error: { message: expect.stringMatching(/ … \[cut [\d,]+ characters\]$/) as string },
    });
  });
});
