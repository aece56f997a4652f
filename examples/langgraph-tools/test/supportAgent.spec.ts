import { pendingApprovals } from '@brane/langchain';
import { HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { Command } from '@langchain/langgraph';
import { signedIn } from '../src/authorizeApprover.js';
import { plan, supportAgent } from '../src/supportAgent.js';

const thread = (id: string) => signedIn(id);
const sam = { identity: 'sam@support', groups: ['support', 'finance-ops'] };
const maria = { identity: 'maria@finance', groups: ['finance-ops'] };
const ask = (text: string) => ({ messages: [new HumanMessage(text)] });

/** What the model was told, by tool call id. */
function told(messages: readonly BaseMessage[]): Record<string, string> {
  return Object.fromEntries(
    messages
      .filter((message) => ToolMessage.isInstance(message))
      .map((message) => [message.tool_call_id, message.text]),
  );
}

describe('the LangGraph support agent under Brane', () => {
  it('plans the tool calls of each ticket', () => {
    expect(plan('Please refund $40').map((call) => call.args)).toStrictEqual([
      { customerId: 'cust_ada', amountUsd: 40 },
    ]);
    expect(plan('sort out cust_ada').map((call) => call.name)).toStrictEqual([
      'lookup_customer',
      'search_orders',
      'refund_customer',
      'delete_customer',
    ]);
  });

  it('pauses for the refund, runs it exactly once when finance approves, denies the deletion, masks the email', async () => {
    const { graph, ledger, runtime } = supportAgent();
    const [pending] = pendingApprovals(await graph.invoke(ask('sort out cust_ada'), thread('t')));
    expect(pending?.approval).toMatchObject({
      capability: 'langchain.refund_customer',
      args: { customerId: 'cust_ada', amountUsd: 250 },
      approverGroups: ['finance-ops'],
    });
    expect(ledger.refunds).toStrictEqual([]);

    // The rep the agent acts for, even in finance-ops, may not approve their own refund (distinctApprover).
    const again = pendingApprovals(await graph.invoke(new Command({ resume: { approved: true } }), signedIn('t', sam)));
    expect(again[0]?.problem).toMatch(/their own action/);
    // A resume value's `approver` is only a claim: anyone can write one.
    const claimed = { resume: { approved: true, approver: 'maria@finance' } };
    const unsigned = pendingApprovals(await graph.invoke(new Command(claimed), thread('t')));
    expect(unsigned[0]?.problem).toMatch(/vouched for no approver/);
    expect(ledger.refunds).toStrictEqual([]);

    const done = await graph.invoke(new Command({ resume: { approved: true } }), signedIn('t', maria));
    expect(ledger.refunds).toStrictEqual([{ refundId: 're_1', customerId: 'cust_ada', amountUsd: 250 }]);
    const messages = told(done.messages);
    expect(JSON.parse(messages['call_lookup']!)).toMatchObject({ email: '[REDACTED]' });
    expect(messages['call_delete']).toBe(
      'Brane denied this call: Support agents may not delete customers; ask the data protection team',
    );
    await expect(runtime.approvals.list()).resolves.toMatchObject([
      { status: 'completed', decision: { by: 'maria@finance', authenticated: true, groups: ['finance-ops'] } },
    ]);
  });

  it('issues no refund that finance rejects, and none needs approval under the limit', async () => {
    const { graph, ledger } = supportAgent();
    await graph.invoke(ask('Please refund $900'), thread('big'));
    const rejected = await graph.invoke(new Command({ resume: { approved: false } }), signedIn('big', maria));
    expect(told(rejected.messages)['call_refund']).toMatch(/was not approved by maria@finance/);
    const small = await graph.invoke(ask('Please refund $40'), thread('small'));
    expect(pendingApprovals(small)).toStrictEqual([]);
    expect(ledger.refunds.map((refund) => refund.amountUsd)).toStrictEqual([40]);
  });
});
