// Process 1 of the approval demo, the agent: asks for a refund over the tenant's limit, which pauses for
// approval. Prints the approval id. Usage: node requestRefund.entry.mjs <directory>
import { ApprovalRequiredError } from '@brane/sdk';
import { createRefundRuntime, REQUESTER } from './createRefundRuntime.js';
import { runStep } from './runStep.js';

runStep(['directory'], async ({ directory }) => {
  const { agent, ledger } = createRefundRuntime(directory);
  console.log(`support-agent, acting for ${REQUESTER} in tenant_acme (limit $100), refunds $250 to cust_456`);
  try {
    const refund = await agent.refundCustomer('cust_456', 250, 'Defective product');
    throw new Error(`The refund ran without approval: ${JSON.stringify(refund)}`);
  } catch (error) {
    if (!(error instanceof ApprovalRequiredError)) throw error;
    console.log(`paused: ${error.reason}`);
    console.log(`waiting for ${error.approverGroups.join(' or ')} until ${error.expiresAt}`);
    console.log(`refunds issued so far: ${(await ledger.entries()).length}`);
    console.log(`approval id: ${error.approvalId}`);
  }
});
