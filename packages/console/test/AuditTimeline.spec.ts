import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { JsonlFileSink } from '@brane/audit';
import { BeforeCapability, Capability, Decision, Runtime, type PolicyContext } from '@brane/sdk';
import { readTimeline, verifyLogs } from '../src/AuditTimeline';
import { auditPage } from '../src/views/auditPage';

class Agent {
  @Capability({ name: 'payments.refund', risk: 'high', params: ['amountUsd'] })
  async refund(amountUsd: number): Promise<number> {
    return await Promise.resolve(amountUsd);
  }

  @Capability({ name: 'crm.lookup', risk: 'low', params: ['id'] })
  async lookup(id: string): Promise<string> {
    return await Promise.resolve(id);
  }
}

class Limits {
  @BeforeCapability('payments.refund', { name: 'refund_limit', version: '3.0' })
  limit(ctx: PolicyContext): Decision {
    return ctx.arg<number>('amountUsd', 0) > 100 ? Decision.deny('Over the limit') : Decision.allow();
  }
}

describe('readTimeline', () => {
  let directory: string;
  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'brane-timeline-'));
    for (const principalId of ['rep-1', 'rep-2']) {
      const runtime = new Runtime({
        agentId: 'agent',
        environment: 'prod',
        tenantId: principalId === 'rep-1' ? 'acme' : 'globex',
        principalId,
        audit: { sinks: [new JsonlFileSink({ directory })] },
      });
      runtime.use(new Limits());
      const agent = runtime.govern(new Agent());
      await agent.refund(50);
      await agent.refund(500).catch(() => undefined);
      await agent.lookup('c1');
      await runtime.close();
    }
  });
  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('groups events by action, newest first, with policies, outcome, risk and duration', async () => {
    const actions = await readTimeline(directory, {});
    expect(actions).toHaveLength(6);
    expect(actions.map((action) => action.time)).toStrictEqual(
      [...actions.map((action) => action.time)].sort().reverse(),
    );
    const denied = actions.find((action) => action.outcome === 'denied');
    expect(denied).toMatchObject({
      capability: 'payments.refund',
      risk: 'high',
      reason: 'Over the limit',
      executedMs: undefined,
    });
    expect(denied?.policies).toContainEqual(
      expect.objectContaining({ name: 'refund_limit', version: '3.0', decision: 'deny', stage: 'before' }) as unknown,
    );
    const allowed = actions.find((action) => action.outcome === 'allowed' && action.capability === 'payments.refund');
    expect(typeof allowed?.executedMs).toBe('number');
  });

  it.each([
    [{ capability: 'crm.lookup' }, 2],
    [{ tenant: 'globex' }, 3],
    [{ principal: 'rep-1' }, 3],
    [{ outcome: 'denied' }, 2],
    [{ outcome: 'denied', principal: 'rep-2' }, 1],
    [{ since: '2999-01-01' }, 0],
    [{ until: '2000-01-01' }, 0],
    [{ since: 'not a date' }, 6],
  ])('searches by %j', async (query, count) => {
    expect(await readTimeline(directory, query)).toHaveLength(count);
  });

  it('finds one action by id', async () => {
    const [first] = await readTimeline(directory, {});
    expect(await readTimeline(directory, { action: first?.actionId })).toStrictEqual([first]);
  });

  it('gives `brane audit verify`’s verdict, and sees a log that was altered', async () => {
    expect((await verifyLogs(directory)).every((result) => result.ok)).toBe(true);
    const file = readdirSync(directory).find((name) => name.endsWith('.jsonl')) ?? '';
    appendFileSync(path.join(directory, file), '{"seq":999,"event":{"type":"action.created"}}\n');
    const results = await verifyLogs(path.join(directory, file));
    expect(results).toHaveLength(1);
    expect(results[0]?.ok).toBe(false);
  });
});

describe('readTimeline over a log whose fields are not the strings it expects', () => {
  /** An array nested `depth` deep, as JSON: joining it as text overflows the stack. */
  const deep = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const FIELDS = ['time', 'actionId', 'approvalId', 'by', 'type', 'capability', 'reason', 'outcome', 'tenantId'];

  it.each(FIELDS)('groups, sorts and renders an event whose `%s` is nested 20,000 deep', async (field) => {
    const directory = mkdtempSync(path.join(tmpdir(), 'brane-timeline-deep-'));
    try {
      const event: Record<string, string> = {
        type: '"action.completed"',
        time: '"2026-11-21T14:00:00.000Z"',
        actionId: '"act_deep"',
        capability: '"deep_tool"',
        outcome: '"allowed"',
        approvalId: '"apr_1"',
      };
      event[field] = deep(20_000);
      const body = Object.entries(event)
        .map(([key, value]) => `"${key}":${value}`)
        .join(',');
      appendFileSync(
        path.join(directory, 'deep.jsonl'),
        `{"seq":1,"prev":"${'0'.repeat(64)}","hash":"${'a'.repeat(64)}","event":{${body}}}\n`,
      );
      const actions = await readTimeline(directory, {});
      // An event without a string `type` is not an event the reader knows: it is skipped, the rest is shown.
      expect(actions).toHaveLength(field === 'type' ? 0 : 1);
      const session = { identity: { id: 'maria', groups: [] }, csrfToken: 'token' } as never;
      const page = String(await auditPage(session, { query: {}, actions, verification: [], logPath: directory }));
      expect(page).toContain('Audit timeline');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
