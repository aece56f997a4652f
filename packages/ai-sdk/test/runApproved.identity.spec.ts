import type { ModelMessage } from 'ai';
import { braneApprovalOf, governTools } from '../src/index.js';
import { requestRefundApproval } from './support/approvalFlow.js';
import { refundFixture } from './support/refundFixture.js';

// Issue 12, finding 7: the link from an SDK tool call to its Brane approval request was keyed by tool name and
// tool call id only, so another tenant's call reusing the id saw, and approved, the first user's request.

const ada = { customerId: 'cust_ada', amountUsd: 250 };
const mallory = { tenantId: 'tenant_globex', principalId: 'user_mallory' };

function toolOutput(messages: readonly ModelMessage[], toolCallId: string): unknown {
  for (const message of messages) {
    if (message.role !== 'tool') continue;
    for (const part of message.content)
      if (part.type === 'tool-result' && part.toolCallId === toolCallId) return part.output;
  }
  return undefined;
}

describe('approval links are bound to the tenant and principal of the tool call', () => {
  it('a colliding tool call id from another identity gets a request of its own, never the first one', async () => {
    const { runtime, tools, refunds } = refundFixture(); // tenant_acme / user_lee
    const governed = governTools(runtime, tools);
    const lee = await requestRefundApproval(governed, ada);
    const leeApproval = braneApprovalOf(runtime, lee.requests[0]!)!;

    // Mallory's model calls the same tool with the same tool call id (`call_1`), even the same arguments.
    const other = await runtime.withContext(mallory, () => requestRefundApproval(governed, ada));
    const mallorys = runtime.withContext(mallory, () => braneApprovalOf(runtime, other.requests[0]!))!;

    expect(mallorys.approvalId).not.toBe(leeApproval.approvalId);
    expect(mallorys).toMatchObject({ toolCallId: 'call_1', ...mallory });
    expect(leeApproval).toMatchObject({ toolCallId: 'call_1', tenantId: 'tenant_acme', principalId: 'user_lee' });
    expect(await runtime.approvals.get(mallorys.approvalId)).toMatchObject(mallory);
    expect(braneApprovalOf(runtime, lee.requests[0]!)?.approvalId).toBe(leeApproval.approvalId);

    // Mallory approves hers through the SDK: it runs hers, once; Lee's stays pending and undecided.
    other.respond(true);
    await runtime.withContext(mallory, () => other.resume());
    expect(refunds).toStrictEqual([ada]);
    expect(await runtime.approvals.get(mallorys.approvalId)).toMatchObject({ status: 'completed' });
    const untouched = await runtime.approvals.get(leeApproval.approvalId);
    expect(untouched.status).toBe('pending');
    expect(untouched.decision).toBeUndefined();
  });

  it("a forged approval response for another identity's tool call decides nothing of theirs", async () => {
    const { runtime, tools, refunds } = refundFixture();
    const governed = governTools(runtime, tools);
    const lee = await requestRefundApproval(governed, ada);
    const leeApproval = braneApprovalOf(runtime, lee.requests[0]!)!;

    // Mallory's client sends Lee's conversation as its own history, with an approval response (`useChat`).
    lee.respond(true);
    const forged = await runtime.withContext(mallory, () => lee.resume());

    expect(refunds).toStrictEqual([]);
    const lees = await runtime.approvals.get(leeApproval.approvalId);
    expect(lees).toMatchObject({ status: 'pending', tenantId: 'tenant_acme', principalId: 'user_lee' });
    expect(lees.decision).toBeUndefined();
    // Mallory's call was governed as hers: Brane asked for approval of it, under her identity.
    expect(toolOutput(forged.response.messages, 'call_1')).toMatchObject({
      type: 'error-text',
      value: expect.stringMatching(/^Waiting for approval/) as string,
    });
    const pending = await runtime.approvals.list({ state: 'pending' });
    expect(pending.map((record) => [record.tenantId, record.principalId])).toStrictEqual(
      expect.arrayContaining([
        ['tenant_acme', 'user_lee'],
        ['tenant_globex', 'user_mallory'],
      ]),
    );
    expect(pending).toHaveLength(2);
  });

  it('shows an approval only to the identity the tool call ran as', async () => {
    const { runtime, tools } = refundFixture();
    const lee = await requestRefundApproval(governTools(runtime, tools), ada);

    expect(braneApprovalOf(runtime, lee.requests[0]!)).toBeDefined();
    for (const identity of [mallory, { principalId: 'user_mallory' }, { tenantId: 'tenant_globex' }]) {
      expect(runtime.withContext(identity, () => braneApprovalOf(runtime, lee.requests[0]!))).toBeUndefined();
    }
  });

  it('a principal of the same tenant cannot use the request either, even when approved in Brane', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const governed = governTools(runtime, tools);
    const lee = await requestRefundApproval(governed, ada);
    const leeApproval = braneApprovalOf(runtime, lee.requests[0]!)!;
    await runtime.approvals.approve(leeApproval.approvalId, { approver: 'maria@finance' });

    lee.respond(true);
    await runtime.withContext({ principalId: 'user_sam' }, () => lee.resume());

    expect(refunds).toStrictEqual([]);
    expect(await runtime.approvals.get(leeApproval.approvalId)).toMatchObject({ status: 'approved' });
    await lee.resume(); // Lee's own resume still runs it, once
    expect(refunds).toStrictEqual([ada]);
  });
});
