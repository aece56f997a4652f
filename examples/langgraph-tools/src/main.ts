import { pendingApprovals } from '@brane/langchain';
import { HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { Command } from '@langchain/langgraph';
import { signedIn } from './authorizeApprover.js';
import { supportAgent } from './supportAgent.js';

const { runtime, ledger, graph } = supportAgent();
const thread = (id: string) => signedIn(id);
const sam = { identity: 'sam@support', groups: ['support'] };
const maria = { identity: 'maria@finance', groups: ['finance-ops'] };

/** The tool messages of a conversation (what the model was told), one line each, then its last answer. */
function show(messages: readonly BaseMessage[]): Record<string, string> {
  const told: Record<string, string> = {};
  for (const message of messages) {
    if (!ToolMessage.isInstance(message)) continue;
    told[message.tool_call_id] = message.text;
    console.log(`  ${message.name ?? '?'} [${message.status ?? 'success'}]: ${message.text}`);
  }
  console.log(`  model: ${messages.at(-1)?.text.replaceAll('\n', '\n         ') ?? ''}`);
  return told;
}

async function main(): Promise<void> {
  console.log('ticket-1: "cust_ada was charged twice for ord_1001; sort it out, and remove her old account cust_old"');
  const paused = await graph.invoke(
    { messages: [new HumanMessage('cust_ada was charged twice for ord_1001; sort it out, and remove cust_old')] },
    thread('ticket-1'),
  );
  const [pending] = pendingApprovals(paused);
  if (pending === undefined) throw new Error('expected the refund to wait for approval');
  const { approval } = pending;
  console.log(`\nThe graph paused: ${approval.capability} needs ${approval.approverGroups.join(' or ')}`);
  console.log(`  approval ${approval.approvalId}: ${approval.reason}; args ${JSON.stringify(approval.args)}`);
  console.log(`  refunds issued so far: ${ledger.refunds.length}`);

  console.log('\nThe support rep, signed in, tries to approve their own refund (claiming to be finance):');
  const again = pendingApprovals(
    await graph.invoke(
      new Command({ resume: { approved: true, approver: 'maria@finance' } }),
      signedIn('ticket-1', sam),
    ),
  );
  console.log(`  asked again: ${again[0]?.problem ?? '(not asked again)'}`);

  console.log('\nmaria@finance, signed in, approves; the graph resumes and finishes:');
  const done = await graph.invoke(
    new Command({ resume: { approved: true, comment: 'Duplicate charge confirmed' } }),
    signedIn('ticket-1', maria),
  );
  const ticket1 = show(done.messages);
  const record = await runtime.approvals.get(approval.approvalId);
  const by = record.decision === undefined ? '?' : `${record.decision.by} (${record.decision.groups.join(', ')})`;
  console.log(`  approval ${record.id}: ${record.status}, approved by ${by}`);

  console.log('\nticket-2: "Please refund $900 to cust_ada" (finance rejects it)');
  await graph.invoke({ messages: [new HumanMessage('Please refund $900 to cust_ada')] }, thread('ticket-2'));
  const rejected = await graph.invoke(
    new Command({ resume: { approved: false, comment: 'Needs a manager' } }),
    signedIn('ticket-2', maria),
  );
  const ticket2 = show(rejected.messages);

  console.log('\nticket-3: "Please refund $40 to cust_ada" (under the limit: no approval)');
  const small = await graph.invoke(
    { messages: [new HumanMessage('Please refund $40 to cust_ada')] },
    thread('ticket-3'),
  );
  show(small.messages);

  const requested = await runtime.approvals.list();
  console.log(`\nRefunds issued: ${ledger.refunds.map((refund) => `$${refund.amountUsd}`).join(', ')}`);
  console.log(`Approvals requested: ${requested.length} (${requested.map((entry) => entry.status).join(', ')})`);

  if (
    ledger.refunds.map((refund) => refund.amountUsd).join() !== '250,40' ||
    again[0]?.problem === undefined ||
    record.status !== 'completed' ||
    record.decision?.authenticated !== true ||
    requested.length !== 2 ||
    !ticket1['call_lookup']?.includes('"email":"[REDACTED]"') ||
    !ticket1['call_delete']?.startsWith('Brane denied this call') ||
    !ticket2['call_refund']?.includes('was not approved by maria@finance') ||
    pendingApprovals(small).length !== 0
  ) {
    throw new Error('The example did not behave as documented');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
