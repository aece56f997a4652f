import { supportStory } from './supportStory.js';

async function main(): Promise<void> {
  const story = await supportStory();

  console.log('The run stopped for approval of:');
  for (const request of story.pending) {
    console.log(
      `  ${request.callId}: ${request.reason} (Brane approval ${request.approvalId}, ${request.approverGroups.join(', ')})`,
    );
  }
  console.log('\nFinance approved call_ada_250 and rejected call_bob_300 through Brane; the run resumed.');
  console.log('\nWhat each tool call gave the model:');
  for (const [callId, output] of story.outputs) console.log(`  ${callId}: ${output}`);
  console.log('\nRefunds the payments system issued:');
  for (const refund of story.desk.refunds)
    console.log(`  ${refund.refundId}: $${refund.amountUsd} to ${refund.customerId}`);
  console.log(`\nThe agent's answer: ${story.finalOutput ?? '(none)'}`);

  const records = await story.store.list();
  const lookup = JSON.parse(story.outputs.get('call_lookup') ?? '{}') as Record<string, unknown>;
  const behaved =
    story.pending.map((request) => request.callId).join() === 'call_ada_250,call_bob_300' &&
    lookup.email === '[REDACTED]' &&
    !('notes' in lookup) &&
    story.outputs.get('call_bob_900') === 'Brane denied this call: Refund of $900 exceeds the $500 limit' &&
    (story.outputs.get('call_bob_300') ?? '').startsWith('An approver (maria@finance) rejected this call') &&
    story.desk.refunds.map((refund) => `${refund.customerId}:${refund.amountUsd}`).join() ===
      'cust_ada:75,cust_ada:250' &&
    records
      .map((record) => record.status)
      .sort()
      .join() === 'completed,rejected' &&
    story.finalOutput !== undefined;
  if (!behaved) throw new Error('The example did not behave as documented');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
