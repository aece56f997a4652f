import { InMemoryApprovalStore } from '@brane/approvals';
import { MemoryAuditSink } from '@brane/audit';
import { Decision } from '@brane/decisions';
import { ConfigurationError } from '@brane/errors';
import { Runtime, useApprovals, useAudit } from '@brane/core';
import { replaceFeature } from '../../src/features/RuntimeFeatures.js';

/** As in an app bundled without `useApprovals()` / `useAudit()`: the feature is not registered. */
function withoutFeature(name: 'approvals' | 'audit'): void {
  replaceFeature(name, undefined);
}

/** The error of a missing feature, naming `call`. */
const notLoaded = (call: string): Error =>
  expect.objectContaining({
    code: 'FEATURE_NOT_LOADED',
    message: expect.stringContaining(`\`${call}\``) as string,
  }) as Error;

/** A runtime whose capabilities always need approval, and what their bodies ran. */
function approvalRuntime(runtime = new Runtime()): {
  runtime: Runtime;
  ran: string[];
  sync: (id: string) => string;
  async: (id: string) => Promise<string>;
  stream: (id: string) => AsyncGenerator<string>;
} {
  const ran: string[] = [];
  const sync = runtime.capability({ name: 'refund_sync' }, (id: string) => (ran.push(id), id));
  const async = runtime.capability({ name: 'refund_async' }, async (id: string) => (ran.push(id), id));
  const stream = runtime.capability({ name: 'export_rows', stream: true }, async function* (id: string) {
    ran.push(id);
    yield id;
  });
  runtime.beforeCapability('*', { name: 'human' }, () =>
    Decision.requireApproval({ approverGroup: 'finance', reason: 'needs a human' }),
  );
  return { runtime, ran, sync, async, stream };
}

describe('a runtime bundled without a feature', () => {
  afterEach(() => {
    useApprovals();
    useAudit();
  });

  describe('without approvals', () => {
    beforeEach(() => {
      withoutFeature('approvals');
    });

    it.each([
      ['approvals: {}', {}],
      ['a store', { store: new InMemoryApprovalStore() }],
      ['wait: true', { wait: true }],
    ])('refuses `new Runtime` with %s, naming useApprovals()', (_, approvals) => {
      expect(() => new Runtime({ approvals })).toThrow(ConfigurationError);
      expect(() => new Runtime({ approvals })).toThrow(notLoaded('useApprovals()'));
    });

    it('builds a runtime that names no approvals, and runs calls that need none', async () => {
      const runtime = new Runtime();
      const echo = runtime.capability({ name: 'echo' }, async (value: string) => value);

      await expect(echo('hi')).resolves.toBe('hi');
    });

    it('refuses a synchronous call that needs an approval, without running it', () => {
      const { sync, ran } = approvalRuntime();

      expect(() => sync('cust_1')).toThrow(notLoaded('useApprovals()'));
      expect(ran).toEqual([]);
    });

    it('rejects an async call that needs an approval, without running it', async () => {
      const { async, ran } = approvalRuntime();

      await expect(async('cust_1')).rejects.toThrow(notLoaded('useApprovals()'));
      expect(ran).toEqual([]);
    });

    it('fails a stream that needs an approval when it is read, without running it', async () => {
      const { stream, ran } = approvalRuntime();

      await expect(stream('t1').next()).rejects.toThrow(notLoaded('useApprovals()'));
      expect(ran).toEqual([]);
    });

    it('refuses an audited call that needs an approval, and records the refusal', async () => {
      const sink = new MemoryAuditSink();
      const { async, ran, runtime } = approvalRuntime(new Runtime({ audit: { sinks: [sink] } }));

      await expect(async('cust_1')).rejects.toThrow(notLoaded('useApprovals()'));
      await runtime.close();
      expect(ran).toEqual([]);
      expect(sink.events.map((event) => event.type)).not.toContain('action.executed');
      expect(sink.events.length).toBeGreaterThan(0);
    });

    it('rejects runtime.resume and every runtime.approvals call, naming useApprovals()', async () => {
      const { runtime } = approvalRuntime();
      const input = { approver: 'maria@finance' };

      await expect(runtime.resume('01J000000000000000000000AB')).rejects.toThrow(notLoaded('useApprovals()'));
      await expect(runtime.approvals.approve('a', input)).rejects.toThrow(notLoaded('useApprovals()'));
      await expect(runtime.approvals.reject('a', input)).rejects.toThrow(notLoaded('useApprovals()'));
      await expect(runtime.approvals.withdraw('a', { reason: 'gone' })).rejects.toThrow(notLoaded('useApprovals()'));
      await expect(runtime.approvals.get('a')).rejects.toThrow(notLoaded('useApprovals()'));
      await expect(runtime.approvals.list()).rejects.toThrow(notLoaded('useApprovals()'));
      await expect(runtime.approvals.page()).rejects.toThrow(notLoaded('useApprovals()'));
    });

    it('still explains, closes and reports no audit stats', async () => {
      const { runtime } = approvalRuntime();

      const explanation = await runtime.explain('refund_async', ['cust_1']);
      expect(explanation.decision.type).toBe('approval_required');
      expect(runtime.auditStats()).toEqual({});
      await expect(runtime.close()).resolves.toBeUndefined();
    });
  });

  describe('without the audit trail', () => {
    beforeEach(() => {
      withoutFeature('audit');
    });

    it.each([
      ['audit: {}', {}],
      ['a sink', { sinks: [new MemoryAuditSink()] }],
    ])('refuses `new Runtime` with %s, naming useAudit()', (_, audit) => {
      expect(() => new Runtime({ audit })).toThrow(ConfigurationError);
      expect(() => new Runtime({ audit })).toThrow(notLoaded('useAudit()'));
    });

    it('still keeps approvals, which record no audit events', async () => {
      const { async, ran, runtime } = approvalRuntime(
        new Runtime({ approvals: { store: new InMemoryApprovalStore() } }),
      );

      await expect(async('cust_1')).rejects.toMatchObject({ code: 'APPROVAL_REQUIRED' });
      const [pending] = await runtime.approvals.list({ state: 'pending' });
      await runtime.approvals.approve(pending?.id ?? '', { approver: 'maria@finance' });
      await expect(runtime.resume(pending?.id ?? '')).resolves.toBe('cust_1');
      expect(ran).toEqual(['cust_1']);
      expect(runtime.auditStats()).toEqual({});
    });
  });
});
