// Process 3 of the approval demo, the agent after a restart: a fresh runtime resumes the approved refund,
// which runs exactly once. Usage: node resumeRefund.entry.mjs <directory> <approvalId>
import type { Refund } from './PaymentGateway.js';
import { createRefundRuntime } from './createRefundRuntime.js';
import { runStep } from './runStep.js';

runStep(['directory', 'approvalId'], async ({ directory, approvalId }) => {
  const { runtime, agent } = createRefundRuntime(directory);
  console.log(`a fresh support-agent runtime resumes approval ${approvalId}`);
  // A runtime holds the instances it governs weakly: name the agent, which also keeps it alive meanwhile.
  const refund = (await runtime.resume(approvalId, { target: agent })) as Refund;
  console.log(`refund executed: ${refund.refundId}, $${refund.amount} to ${refund.customerId}`);
});
