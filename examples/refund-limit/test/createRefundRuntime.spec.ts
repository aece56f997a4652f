import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileApprovalStore, Runtime } from '@brane/sdk';
import { RefundLedger } from '../src/RefundLedger.js';
import { runRefundStep, spawnRefundStep } from './fixtures/spawnRefundStep.js';

// Every step runs in a process of its own (about a second each to load the sources): generous timeouts.
jest.setTimeout(180_000);

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'brane-refund-test-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** The refunds issued by every process so far. */
async function issued() {
  return await new RefundLedger(path.join(directory, 'refunds.jsonl')).entries();
}

/** Process A: the agent asks for a $250 refund, which pauses; returns the approval id. */
async function requestRefund(): Promise<string> {
  const outcome = await runRefundStep(directory, 'request');
  expect(outcome).toMatchObject({ ok: false, error: { name: 'ApprovalRequiredError', code: 'APPROVAL_REQUIRED' } });
  expect(await issued()).toStrictEqual([]);
  return outcome.error?.approvalId ?? '';
}

async function approve(approvalId: string): Promise<void> {
  expect(await runRefundStep(directory, 'approve', approvalId, 'maria@finance')).toMatchObject({
    ok: true,
    value: 'approved',
  });
}

/** Rewrites the stored record file, as someone with write access to the store but not the key could. */
function tamper(approvalId: string, change: (record: Record<string, unknown>) => void): void {
  const file = path.join(directory, `${approvalId}.json`);
  const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(record);
  writeFileSync(file, JSON.stringify(record));
}

describe('the approval flow across processes, on the embedded file store', () => {
  it('request in A, approve in B, resume in C after a restart: the refund runs once, in C; a resume in D is refused', async () => {
    const approvalId = await requestRefund();
    expect(statSync(path.join(directory, 'secret.key')).mode & 0o777).toBe(0o600);
    await approve(approvalId);

    const resumed = await runRefundStep(directory, 'resume', approvalId);
    expect(resumed).toMatchObject({ ok: true, value: { customerId: 'cust_456', amount: 250 } });
    expect(await issued()).toMatchObject([{ customerId: 'cust_456', amount: 250, pid: resumed.pid }]);

    expect(await runRefundStep(directory, 'resume', approvalId)).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_ALREADY_USED' },
    });
    expect(await issued()).toHaveLength(1);

    // This process too reads the record, verified with the key file the processes share.
    const reader = new Runtime({ approvals: { store: new FileApprovalStore({ directory }) } });
    expect(await reader.approvals.get(approvalId)).toMatchObject({
      status: 'completed',
      args: { customerId: 'cust_456', amountUsd: 250, reason: 'Defective product' },
      tenantId: 'tenant_acme',
      principalId: 'sam@support',
      decision: { outcome: 'approved', by: 'maria@finance' },
      execution: { outcome: 'succeeded' },
    });
  });

  it('a rejected request cannot be resumed: nothing runs', async () => {
    const approvalId = await requestRefund();
    expect(await runRefundStep(directory, 'reject', approvalId, 'maria@finance')).toMatchObject({
      ok: true,
      value: 'rejected',
    });

    expect(await runRefundStep(directory, 'resume', approvalId)).toMatchObject({
      ok: false,
      error: { name: 'ApprovalRejectedError', code: 'APPROVAL_REJECTED' },
    });
    expect(await issued()).toStrictEqual([]);
  });

  it('the requester cannot approve their own refund', async () => {
    const approvalId = await requestRefund();
    expect(await runRefundStep(directory, 'approve', approvalId, 'sam@support')).toMatchObject({
      ok: false,
      error: { code: 'APPROVER_NOT_ALLOWED' },
    });
    expect(await runRefundStep(directory, 'resume', approvalId)).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_PENDING' },
    });
    expect(await issued()).toStrictEqual([]);
  });

  it.each([
    [
      'the approved amount raised',
      true,
      (record: Record<string, unknown>) => {
        record['args'] = { ...(record['args'] as object), amountUsd: 2500 };
      },
    ],
    [
      'a pending request flipped to approved',
      false,
      (record: Record<string, unknown>) => {
        record['status'] = 'approved';
        record['decision'] = { outcome: 'approved', by: 'maria@finance', at: new Date().toISOString() };
      },
    ],
  ] as const)('a record changed in the file (%s) is refused as tampered: nothing runs', async (_, approved, change) => {
    const approvalId = await requestRefund();
    if (approved) await approve(approvalId);
    tamper(approvalId, change);

    expect(await runRefundStep(directory, 'resume', approvalId)).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_TAMPERED' },
    });
    expect(await issued()).toStrictEqual([]);
  });

  it('the approval is bound to the principal: a resume for another one is refused, and nothing runs', async () => {
    const approvalId = await requestRefund();
    await approve(approvalId);

    expect(await runRefundStep(directory, 'resume', approvalId, 'eve@support')).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_MISMATCH' },
    });
    expect(await issued()).toStrictEqual([]);
    expect(await runRefundStep(directory, 'resume', approvalId)).toMatchObject({ ok: true });
  });

  it('concurrent resumes from five processes: exactly one runs the refund, the others are refused', async () => {
    const approvalId = await requestRefund();
    await approve(approvalId);
    const gate = path.join(directory, 'go');

    const steps = Array.from({ length: 5 }, () => spawnRefundStep(directory, ['resume', approvalId], gate));
    await Promise.all(steps.map((step) => step.ready));
    writeFileSync(gate, '');
    const outcomes = await Promise.all(steps.map((step) => step.outcome));

    const winners = outcomes.filter((outcome) => outcome.ok);
    expect(winners).toMatchObject([{ value: { customerId: 'cust_456', amount: 250 } }]);
    for (const outcome of outcomes.filter((o) => !o.ok)) {
      expect(outcome.error).toMatchObject({ code: 'APPROVAL_ALREADY_USED' });
    }
    expect(await issued()).toMatchObject([{ amount: 250, pid: winners[0]?.pid }]);
  });
});
