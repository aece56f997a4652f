import { InMemoryApprovalStore } from '@brane/approvals';
import { MemoryAuditSink, isActionRecord } from '@brane/audit';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import type { ModelMessage } from 'ai';
import { braneApprovalOf, governTools, isBraneToolDenial } from '../src/index.js';
import { continueElsewhere, requestRefundApproval } from './support/approvalFlow.js';
import { refundFixture } from './support/refundFixture.js';
import { toolOutputsSeen } from './support/scriptedModel.js';

/** The tool results in `messages` (what `generateText` added), by tool call id. */
function toolResults(messages: readonly ModelMessage[]): Record<string, unknown> {
  const results: Record<string, unknown> = {};
  for (const message of messages) {
    if (message.role !== 'tool') continue;
    for (const part of message.content) if (part.type === 'tool-result') results[part.toolCallId] = part.output;
  }
  return results;
}

const refund250 = { customerId: 'cust_1', amountUsd: 250 };

describe('a tool call approved through the SDK flow', () => {
  it('runs exactly once, on its Brane approval, which the policies see', async () => {
    const { runtime, tools, refunds, approvalsSeen } = refundFixture();
    const flow = await requestRefundApproval(governTools(runtime, tools), refund250, { text: 'Refunded $250.' });
    const brane = braneApprovalOf(runtime, flow.requests[0]!)!;

    flow.respond(true, 'Known customer');
    const second = await flow.resume();

    expect(refunds).toStrictEqual([refund250]);
    expect(approvalsSeen.at(-1)).toMatchObject({
      approvalId: brane.approvalId,
      approvedBy: 'ai-sdk',
      comment: 'Known customer',
    });
    const record = await runtime.approvals.get(brane.approvalId);
    expect(record).toMatchObject({
      status: 'completed',
      decision: { outcome: 'approved', by: 'ai-sdk', comment: 'Known customer' },
      execution: { outcome: 'succeeded' },
    });
    expect(await runtime.approvals.list()).toHaveLength(1);
    const result = { type: 'json', value: { refunded: true, ...refund250 } };
    expect(toolResults(second.response.messages)).toStrictEqual({ call_1: result });
    expect(toolOutputsSeen(flow.prompts.at(-1))).toStrictEqual({ call_1: result });
    expect(second.text).toBe('Refunded $250.');
  });

  it('leaves the audit trail of one approved action: requested, approved, resumed, executed once', async () => {
    const sink = new MemoryAuditSink();
    const { runtime, tools } = refundFixture({ runtime: { audit: { sinks: [sink] } } });
    const flow = await requestRefundApproval(governTools(runtime, tools), refund250);
    flow.respond(true);
    await flow.resume();
    await runtime.close();

    const types = sink.events.map((event) => event.type);
    expect(types.filter((type) => type.startsWith('approval.'))).toStrictEqual([
      'approval.approved',
      'approval.resumed',
    ]);
    const records = sink.events.filter(isActionRecord);
    expect(records.map((record) => [record.outcome, record.approval?.status])).toStrictEqual([
      ['approval_required', 'requested'],
      ['allowed', 'granted'],
    ]);
    expect(records.filter((record) => record.executionMs !== undefined)).toHaveLength(1);
    expect(sink.events.every((event) => event.capability === 'ai.refund')).toBe(true);
  });

  it('records the approver the app names, from the generation context', async () => {
    const { runtime, tools } = refundFixture();
    const governed = governTools(runtime, tools, {
      approver: (grant) => `${(grant.context as { user: string }).user} (${grant.toolName} ${grant.toolCallId})`,
    });
    const flow = await requestRefundApproval(governed, refund250);

    flow.respond(true);
    await flow.resume({ experimental_context: { user: 'maria@support' } });

    const record = await runtime.approvals.get(braneApprovalOf(runtime, flow.requests[0]!)!.approvalId);
    expect(record.decision).toMatchObject({ by: 'maria@support (refund call_1)' });
    expect(record.decision?.comment).toBeUndefined();
  });

  it('refuses a replayed approval response: the approval is used once', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const flow = await requestRefundApproval(governTools(runtime, tools), refund250, { text: 'ok' }, { text: 'again' });
    flow.respond(true);
    await flow.resume();

    const replay = await flow.resume();

    expect(refunds).toHaveLength(1);
    const output = toolResults(replay.response.messages)['call_1'] as { type: string; value: string };
    expect(output.type).toBe('error-text');
    expect(output.value).toMatch(/cannot be used \(.*already/);
  });

  it('leaves a call the user denies unrun, and its Brane request pending until the app rejects it', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const flow = await requestRefundApproval(governTools(runtime, tools), refund250, { text: 'Not refunded.' });
    flow.respond(false, 'Not this customer');

    const second = await flow.resume();

    expect(refunds).toStrictEqual([]);
    expect(toolResults(second.response.messages)).toStrictEqual({
      call_1: { type: 'execution-denied', reason: 'Not this customer' },
    });
    const brane = braneApprovalOf(runtime, flow.requests[0]!)!;
    expect((await runtime.approvals.get(brane.approvalId)).status).toBe('pending');
    await runtime.approvals.reject(brane.approvalId, { approver: 'ai-sdk', comment: 'Not this customer' });
    expect((await runtime.approvals.get(brane.approvalId)).status).toBe('rejected');
  });

  it('honours a rejection decided in Brane first: the SDK approval does not override it', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const flow = await requestRefundApproval(governTools(runtime, tools), refund250);
    const brane = braneApprovalOf(runtime, flow.requests[0]!)!;
    await runtime.approvals.reject(brane.approvalId, { approver: 'maria@finance', comment: 'Fraud suspected' });

    flow.respond(true);
    const second = await flow.resume();

    expect(refunds).toStrictEqual([]);
    const output = toolResults(second.response.messages)['call_1'] as { value: string };
    expect(output.value).toContain('Rejected by maria@finance: Fraud suspected.');
  });

  it('uses an approval decided in Brane first as it is', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const flow = await requestRefundApproval(governTools(runtime, tools), refund250);
    const brane = braneApprovalOf(runtime, flow.requests[0]!)!;
    await runtime.approvals.approve(brane.approvalId, { approver: 'maria@finance' });

    flow.respond(true);
    await flow.resume();

    expect(refunds).toHaveLength(1);
    expect((await runtime.approvals.get(brane.approvalId)).decision?.by).toBe('maria@finance');
  });

  it('finds the pending Brane request in another process (no link), and runs it once', async () => {
    const first = refundFixture();
    const flow = await requestRefundApproval(governTools(first.runtime, first.tools), refund250);
    const brane = braneApprovalOf(first.runtime, flow.requests[0]!)!;
    flow.respond(true);

    // the approval response reaches another process: a runtime sharing the store, with the same policies
    const other = refundFixture({ runtime: { approvals: { store: first.store } } });
    await continueElsewhere(governTools(other.runtime, other.tools), flow.messages);

    expect(first.refunds).toStrictEqual([]);
    expect(other.refunds).toStrictEqual([refund250]);
    expect(await other.runtime.approvals.get(brane.approvalId)).toMatchObject({
      status: 'completed',
      decision: { by: 'ai-sdk' },
    });
  });

  it('tells the model the call waits for approval when no Brane request is found for it', async () => {
    const { runtime, tools } = refundFixture();
    const flow = await requestRefundApproval(governTools(runtime, tools), refund250);
    flow.respond(true);

    // another runtime, on another store, knows neither the link nor the request
    const other = refundFixture();
    const second = await continueElsewhere(governTools(other.runtime, other.tools), flow.messages);

    expect(other.refunds).toStrictEqual([]);
    const output = toolResults(second.response.messages)['call_1'] as { value: string };
    expect(output.value).toMatch(
      /^Waiting for approval: the `refund` tool call needs a human's approval from finance-ops/,
    );
    expect(await other.runtime.approvals.list({ state: 'pending' })).toHaveLength(1);
  });

  it('never runs an approved call whose input was changed after the request on that request', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const flow = await requestRefundApproval(governTools(runtime, tools), refund250);
    const requested = braneApprovalOf(runtime, flow.requests[0]!)!;
    const assistant = flow.messages.find((message) => message.role === 'assistant')!;
    const call = (assistant.content as { type: string; input?: unknown }[]).find((part) => part.type === 'tool-call')!;
    call.input = { customerId: 'cust_1', amountUsd: 499 };
    flow.respond(true);

    const second = await flow.resume();

    // The $499 call is not the one requested: it is governed as a new call, and waits for its own approval.
    expect(refunds).toStrictEqual([]);
    const output = toolResults(second.response.messages)['call_1'] as { value: string };
    expect(output.value).toMatch(/^Waiting for approval: .* Refund of \$499 needs approval/);
    expect(await runtime.approvals.get(requested.approvalId)).toMatchObject({ status: 'pending' });
    const pending = await runtime.approvals.list({ state: 'pending' });
    expect(pending.map((record) => record.args['amountUsd']).sort()).toStrictEqual([250, 499]);
  });

  it('links a reused tool call id to the request of its own arguments, and shows the approver those', async () => {
    const { runtime, tools } = refundFixture();
    const governed = governTools(runtime, tools);
    const first = await requestRefundApproval(governed, refund250);
    const second = await requestRefundApproval(governed, { customerId: 'cust_2', amountUsd: 300 }); // `call_1` again

    const a = braneApprovalOf(runtime, first.requests[0]!)!;
    const b = braneApprovalOf(runtime, second.requests[0]!)!;

    expect(a.approvalId).not.toBe(b.approvalId);
    expect((await runtime.approvals.get(a.approvalId)).args).toStrictEqual(refund250);
    expect((await runtime.approvals.get(b.approvalId)).args).toStrictEqual({ customerId: 'cust_2', amountUsd: 300 });
    expect(braneApprovalOf(runtime, { toolCallId: 'call_1', toolName: 'refund' })?.approvalId).toBe(b.approvalId);
  });

  it('refuses an approval by the principal when the policy requires a distinct approver', async () => {
    const runtime = new Runtime({
      agentId: 'a',
      principalId: 'user_lee',
      approvals: { store: new InMemoryApprovalStore() },
    });
    const { tools, refunds } = refundFixture();
    runtime.beforeCapability('ai.refund', { name: 'four_eyes' }, () =>
      Decision.requireApproval({ approverGroup: 'finance-ops', reason: 'Four eyes', distinctApprover: true }),
    );
    const flow = await requestRefundApproval(governTools(runtime, tools, { approver: 'user_lee' }), refund250);
    flow.respond(true);

    const second = await flow.resume();

    expect(refunds).toStrictEqual([]);
    const output = toolResults(second.response.messages)['call_1'] as { value: string };
    expect(output.value).toMatch(/may not decide/);
  });

  it('refuses an approval that expired before the user answered', async () => {
    const { runtime, tools, refunds } = refundFixture({ expiresInMs: 20 });
    const flow = await requestRefundApproval(governTools(runtime, tools), refund250);
    await new Promise((resolve) => setTimeout(resolve, 40));
    flow.respond(true);

    const second = await flow.resume();

    expect(refunds).toStrictEqual([]);
    const output = toolResults(second.response.messages)['call_1'] as { value: string };
    expect(output.value).toMatch(/^Expired: the approval for the `refund` tool call expired/);
  });

  it('runs the call once when Brane no longer asks by the time it is approved', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const cautious = { refund: { ...tools.refund, needsApproval: true } };
    const flow = await requestRefundApproval(governTools(runtime, cautious), { customerId: 'c', amountUsd: 5 });
    flow.respond(true);

    const second = await flow.resume();

    expect(refunds).toHaveLength(1);
    expect(isBraneToolDenial(toolResults(second.response.messages)['call_1'])).toBe(false);
  });
});
