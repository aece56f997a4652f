// A worker process of the fleet. Usage: node worker.entry.mjs <name> <url> <schema> request | resume <approvalId>
// Exits 0 when the step did its job, 2 when Brane refused it (printing `refused: <code>: <message>`), 1 otherwise.
import { ApprovalRequiredError, BraneError } from '@brane/sdk';
import type { Refund } from './PaymentGateway.js';
import { startWorker } from './fleetWorker.js';

const [name = '', url = '', schema = '', step = '', approvalId = ''] = process.argv.slice(2);
const worker = startWorker(name, { url, schema });

async function run(): Promise<void> {
  if (step === 'request') {
    console.log(`${name} asks for a $250 refund to cust_456 (the limit is $100)`);
    try {
      await worker.agent.refundCustomer('cust_456', 250);
      throw new Error('the refund over the limit ran without approval');
    } catch (error) {
      if (!(error instanceof ApprovalRequiredError)) throw error;
      console.log(`paused for approval by ${error.approverGroups.join(', ')}: ${error.reason}`);
      console.log(`approval id: ${error.approvalId}`);
    }
    return;
  }
  console.log(`${name} resumes approval ${approvalId}`);
  const refund = (await worker.runtime.resume(approvalId, { target: worker.agent })) as Refund;
  console.log(`refund issued: $${refund.amount} to ${refund.customerId}, by ${refund.worker}`);
}

void run()
  .catch((error: unknown) => {
    if (error instanceof BraneError) {
      console.log(`refused: ${error.code}: ${error.message}`);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  })
  .finally(() => worker.close());
