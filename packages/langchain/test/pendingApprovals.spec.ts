import { pendingApprovals, type PendingApproval } from '../src/index.js';

const approval: PendingApproval = {
  approvalId: '01JAPPROVAL',
  capability: 'langchain.refund_customer',
  tool: 'refund_customer',
  toolCallId: 'call_1',
  tenantId: 'tenant_acme',
  principalId: 'user_lee',
  args: { customerId: 'cust_1', amountUsd: 250 },
  approverGroups: ['finance-ops'],
  reason: 'Refunds over $100 need finance approval',
  context: {},
  expiresAt: '2030-01-01T00:00:00.000Z',
};
const brane = { id: 'interrupt-1', value: { brane: approval } };
const other = { id: 'interrupt-2', value: { question: 'Continue?' } };

describe('pendingApprovals', () => {
  it("reads Brane's approvals from what graph.invoke returned, leaving other interrupts out", () => {
    expect(pendingApprovals({ messages: [], __interrupt__: [other, brane] })).toStrictEqual([
      { interruptId: 'interrupt-1', approval, problem: undefined },
    ]);
  });

  it("reads them from a state snapshot's tasks, and from a list of interrupts", () => {
    const asked = { id: 'interrupt-3', value: { brane: { ...approval, problem: 'Answer again' } } };
    expect(pendingApprovals({ tasks: [{ interrupts: [brane] }, { interrupts: [] }, {}] })).toHaveLength(1);
    expect(pendingApprovals([asked])).toStrictEqual([
      { interruptId: 'interrupt-3', approval, problem: 'Answer again' },
    ]);
  });

  it.each([undefined, null, 'done', { messages: [] }, [{ value: { brane: { approvalId: 1 } } }], [null]])(
    'finds none in %p',
    (source) => {
      expect(pendingApprovals(source)).toStrictEqual([]);
    },
  );
});
