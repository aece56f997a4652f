import { InMemoryApprovalStore } from '@brane/approvals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryAuditSink, queryAuditEvents, verifyAuditDirectory, type AuditEvent, type AuditSink } from '@brane/audit';
import { Decision } from '@brane/decisions';
import { AuditError, CapabilityDeniedError } from '@brane/errors';
import { Capability, Runtime, type RuntimeOptions } from '@brane/core';

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

const types = (events: readonly AuditEvent[]) => events.map((event) => event.type);

describe('the audit trail of governed calls', () => {
  it('records an allowed call: created, each policy, the decision, executed, completed', async () => {
    const { runtime, payments, sink } = setup();
    runtime.beforeCapability('charge', { name: 'first', version: '1' }, () => Decision.allow());
    runtime.beforeCapability('charge', { name: 'watch', mode: 'shadow' }, () => Decision.deny('would block'));

    await payments.charge('cust_1', '4111111111111111', SECRET_KEY);
    await runtime.close();

    expect(types(sink.events)).toStrictEqual([
      'action.created',
      'policy.evaluated',
      'policy.evaluated',
      'decision.enforced',
      'action.executed',
      'action.completed',
    ]);
    const [created, first, shadow, enforced, , completed] = sink.events as [
      Extract<AuditEvent, { type: 'action.created' }>,
      Extract<AuditEvent, { type: 'policy.evaluated' }>,
      Extract<AuditEvent, { type: 'policy.evaluated' }>,
      Extract<AuditEvent, { type: 'decision.enforced' }>,
      AuditEvent,
      Extract<AuditEvent, { type: 'action.completed' }>,
    ];
    expect(created).toMatchObject({ capability: 'charge', tenantId: 'acme', agentId: 'billing-agent', risk: 'high' });
    expect(first).toMatchObject({
      policyName: 'first',
      policyVersion: '1',
      enforced: true,
      decision: { type: 'allow' },
    });
    expect(shadow).toMatchObject({ policyName: 'watch', enforced: false, decision: { type: 'deny' } });
    expect(enforced).toMatchObject({ stage: 'before', decision: { type: 'allow' } });
    expect(completed).toMatchObject({ outcome: 'allowed' });
    expect(new Set(sink.events.map((event) => event.actionId)).size).toBe(1);
  });

  it('records a deny: no executed event, and the reason on completion', async () => {
    const { runtime, payments, sink } = setup();
    runtime.beforeCapability('charge', { name: 'no' }, () => Decision.deny('Card blocked'));

    await expect(payments.charge('cust_1', '4111', 'k')).rejects.toBeInstanceOf(CapabilityDeniedError);
    await runtime.close();

    expect(types(sink.events)).toStrictEqual([
      'action.created',
      'policy.evaluated',
      'decision.enforced',
      'action.completed',
    ]);
    expect(sink.ofType('action.completed')[0]).toMatchObject({
      outcome: 'denied',
      stage: 'before',
      reason: 'Card blocked',
    });
    expect(payments.log).toHaveLength(0);
  });

  it('records a failing capability with its error, and after-policies with their stage', async () => {
    const { runtime, payments, sink } = setup();
    runtime.afterCapability('charge', { name: 'tag' }, () => Decision.logOnly('review charges'));

    await payments.charge('cust_1', '4111', 'k');
    await expect(payments.explode('abc.def.ghi-secret-token-value')).rejects.toThrow(/upstream said no/);
    await runtime.close();

    expect(
      sink.ofType('decision.enforced').map((event) => [event.capability, event.stage, event.markedForReview]),
    ).toStrictEqual([
      ['charge', 'before', false],
      ['charge', 'after', true],
      ['explode', 'before', false],
    ]);
    const executed = sink.ofType('action.executed').find((event) => event.capability === 'explode');
    expect(executed?.error?.name).toBe('Error');
    expect(sink.ofType('action.completed').at(-1)).toMatchObject({ capability: 'explode', outcome: 'failed' });
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
    expect(sink.ofType('action.created')[0]?.args).toMatchObject({ customerId: 'cust_1', cardNumber: '[REDACTED]' });
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

    expect(JSON.stringify(sink.events)).not.toContain(opaque);
    expect(sink.ofType('action.completed').map((event) => event.reason)).toStrictEqual([
      'password [REDACTED] is too weak',
      'upstream refused [REDACTED]',
      'issued [REDACTED]', // the output's whole `apiKey`, which contains the password
      undefined,
    ]);
    expect(sink.ofType('action.executed')[0]?.error?.message).toBe('upstream refused [REDACTED]');
    expect(sink.ofType('decision.enforced').at(-1)?.decision.reason).toBe('login of ann with [REDACTED]');
    expect(sink.events.every((event) => event.tenantId === 'acme')).toBe(true);
  });

  it("durability 'sync': the decision record is in the sink before the capability runs", async () => {
    const { runtime, payments } = setup();
    runtime.beforeCapability('charge_sync', { name: 'ok' }, () => Decision.allow());

    payments.chargeSync('cust_9');

    expect(types(payments.seenBeforeRun)).toStrictEqual(['action.created', 'policy.evaluated', 'decision.enforced']);
    await runtime.close();
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

  it('a failing sink never breaks the call', async () => {
    const memory = new MemoryAuditSink();
    const failing: AuditSink = { name: 'flaky', write: () => Promise.reject(new Error('collector down')) };
    const { runtime, payments } = setup({ sinks: [failing, memory] });

    await expect(payments.charge('cust_1', '4111', 'k')).resolves.toMatch(/charged/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(types(memory.events)).toContain('action.completed');
    expect(runtime.auditStats()['flaky']).toMatchObject({ dropped: 0 });
    expect(runtime.auditStats()['flaky']?.failures).toBeGreaterThan(0);
    expect(runtime.auditStats()['flaky']?.queued).toBeGreaterThan(0);
  });

  it('records the approval lifecycle: requested, approved, resumed', async () => {
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

    expect(types(sink.events).filter((type) => type.startsWith('approval.'))).toStrictEqual([
      'approval.requested',
      'approval.approved',
      'approval.resumed',
    ]);
    expect(sink.ofType('action.completed').map((event) => event.outcome)).toStrictEqual([
      'approval_required',
      'allowed',
    ]);
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
      expect(events.map((event) => event.type)).toContain('action.completed');
      expect((await verifyAuditDirectory(join(dir, '.brane', 'audit'))).every((result) => result.ok)).toBe(true);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the audit trail of a call whose reason or error quotes a huge argument (security review, finding 10)', () => {
  const huge = 'c'.repeat(5_000_000);
  /** The size of the events other than `action.created`, which records the argument itself, whole. */
  const sizeBesidesArgs = (events: readonly AuditEvent[]) =>
    JSON.stringify(events.filter((event) => event.type !== 'action.created')).length;

  it('bounds every reason a denied call records: policy, decision, completion', async () => {
    const { runtime, payments, sink } = setup();
    runtime.beforeCapability('charge', { name: 'quotes' }, (ctx) =>
      Decision.deny(`No customer ${String(ctx.arg('customerId'))}`),
    );

    await expect(payments.charge(huge, '4242', 'k')).rejects.toThrow(CapabilityDeniedError);
    await runtime.close();

    expect(sizeBesidesArgs(sink.events)).toBeLessThan(20_000);
    const completed = sink.events.find((event) => event.type === 'action.completed');
    expect(completed).toMatchObject({ reason: expect.stringMatching(/ … \[cut 4,998,012 characters\]$/) as string });
  });

  it('bounds the error message of a capability that threw', async () => {
    const { runtime, payments, sink } = setup();

    await expect(payments.explode(huge)).rejects.toThrow(/upstream said no/);
    await runtime.close();

    expect(sizeBesidesArgs(sink.events)).toBeLessThan(20_000);
    const executed = sink.events.find((event) => event.type === 'action.executed');
    expect(executed).toMatchObject({
      error: { message: expect.stringMatching(/ … \[cut [\d,]+ characters\]$/) as string },
    });
  });
});
