// Process 2 of the approval demo, an approver's tool: shows the request and approves it. It needs no agent
// and no policies, only the approval store. Usage: node approveRefund.entry.mjs <directory> <approvalId> <approver>
import { FileApprovalStore, Runtime } from '@brane/sdk';
import { runStep } from './runStep.js';

runStep(['directory', 'approvalId', 'approver'], async ({ directory, approvalId, approver }) => {
  const runtime = new Runtime({ approvals: { store: new FileApprovalStore({ directory }) } });
  const record = await runtime.approvals.get(approvalId);
  console.log(
    `${approver} reviews the ${record.status} request of ${record.principalId ?? 'nobody'} (${record.tenantId ?? '-'}):`,
  );
  console.log(`  ${record.capability} ${JSON.stringify(record.args)}`);
  console.log(`  ${record.request.reason}; context ${JSON.stringify(record.request.context)}`);
  const approved = await runtime.approvals.approve(approvalId, { approver, comment: 'Defect confirmed' });
  console.log(`approved by ${approved.decision?.by ?? approver} at ${approved.decision?.at ?? '?'}`);
});
