import { supportStory } from './supportStory.js';

async function main(): Promise<void> {
  const story = await supportStory();

  for (const { asked, answered } of story.exchanges) console.log(`user:  ${asked}\nmodel: ${answered}\n`);
  console.log('The SDK asked for approval of, with the Brane request behind it:');
  for (const request of story.braneRequests) {
    console.log(
      `  ${request.toolName} ${request.toolCallId}: ${request.reason} (Brane approval ${request.approvalId}, approver groups ${request.approverGroups.join(', ')})`,
    );
  }
  console.log('\nBrane approval records:');
  for (const record of story.approvals) {
    console.log(
      `  ${record.id}: ${record.status}, approved by ${record.decision?.by ?? '-'} ("${record.decision?.comment ?? ''}"), execution ${record.execution?.outcome ?? '-'}`,
    );
  }
  console.log('\nRefunds the payments system issued:');
  for (const refund of story.desk.refunds)
    console.log(`  ${refund.refundId}: $${refund.amountUsd} to ${refund.customerId}`);

  const answers = story.exchanges.map((exchange) => exchange.answered);
  const behaved =
    answers[0]?.includes('"email":"[REDACTED]"') === true &&
    !JSON.stringify(story.prompts).includes('ada@example.com') &&
    answers[1]?.startsWith('Done: {"refundId":"re_1"') === true &&
    answers[2]?.includes('Reason: Refund of $900 exceeds the $500 limit.') === true &&
    story.braneRequests.length === 1 &&
    answers[4]?.startsWith('Done: {"refundId":"re_2","customerId":"cust_bob","amountUsd":250}') === true &&
    answers[5]?.includes('Refund of $900 exceeds the $500 limit') === true &&
    story.desk.refunds.map((refund) => `${refund.customerId}:${refund.amountUsd}`).join() ===
      'cust_ada:40,cust_bob:250' &&
    story.approvals.length === 1 &&
    story.approvals[0]?.status === 'completed' &&
    story.approvals[0].decision?.by === 'lee@support';
  if (!behaved) throw new Error('The example did not behave as documented');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
