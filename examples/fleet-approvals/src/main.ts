import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import pg from 'pg';
import { openDatabase, type DemoDatabase } from './openDatabase.js';
import { PaymentGateway } from './PaymentGateway.js';
import { spawnStep } from './spawnStep.js';

/** Exit code of a worker step that Brane refused. */
const REFUSED = 2;

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`The example did not behave as documented: ${what}`);
}

/** Three workers and an approver, each a process of its own, on one database. */
async function fleet(database: DemoDatabase): Promise<void> {
  const { url, schema } = database;
  // Every process seals and verifies approvals with the same key: in production, from a secret manager.
  const env = { ...process.env, BRANE_APPROVAL_SECRET: randomBytes(32).toString('hex') };
  const brane = path.join(
    path.dirname(
      createRequire(process.argv[1] ?? path.join(process.cwd(), 'main.mjs')).resolve('@brane/cli/package.json'),
    ),
    'bin',
    'brane.cjs',
  );
  const cli = (args: readonly string[], quiet = false) =>
    spawnStep('approver', [brane, ...args, '--store', url, '--schema', schema], env, { quiet });
  const worker = (n: number, args: readonly string[]) =>
    spawnStep(
      `worker ${n}`,
      [path.join(path.dirname(process.argv[1] ?? '.'), 'worker.entry.mjs'), `worker-${n}`, url, schema, ...args],
      env,
    );

  console.log(`\n0. The deploy migrates the schema ${schema} (every worker may run it at startup: it migrates once):`);
  check(
    (await spawnStep('deploy', [brane, 'db', 'migrate', '--store', url, '--schema', schema], env)).status === 0,
    'migrated',
  );
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const payments = new PaymentGateway(pool, `"${schema}".refunds`, 'main');
  try {
    await PaymentGateway.createTable(pool, `"${schema}".refunds`);

    console.log('\n1. Worker 1 asks for a refund over the limit:');
    const request = await worker(1, ['request']);
    const approvalId = /^approval id: (\S+)$/m.exec(request.stdout)?.[1];
    check(request.status === 0 && approvalId !== undefined, 'the refund pauses with an approval id');

    console.log('\n2. Worker 2 picks the conversation up before anyone decided:');
    const early = await worker(2, ['resume', approvalId]);
    check(early.status === REFUSED && early.stdout.includes('APPROVAL_PENDING'), 'a pending approval runs nothing');

    console.log('\n3. maria@finance, at her terminal, sees the request and approves it:');
    check((await cli(['approvals', 'list', '--state', 'pending'])).status === 0, 'the approver lists the queue');
    check((await cli(['approvals', 'approve', approvalId, '--approver', 'maria@finance'])).status === 0, 'approved');

    console.log('\n4. Worker 3 resumes it:');
    const resume = await worker(3, ['resume', approvalId]);
    check(resume.status === 0, 'worker 3 runs the refund');

    console.log('\n5. Worker 2 tries again:');
    const again = await worker(2, ['resume', approvalId]);
    check(again.status === REFUSED && again.stdout.includes('APPROVAL_ALREADY_USED'), 'a second resume is refused');

    const shown = await cli(['approvals', 'show', approvalId, '--json'], true);
    const { approval } = JSON.parse(shown.stdout) as { approval: { state: string; execution?: { outcome?: string } } };
    const issued = await payments.issued();
    console.log(
      `\nThe payment gateway issued ${issued.length} refund(s): ` +
        issued
          .map((refund) => `$${refund.amount} to ${refund.customerId} by ${refund.worker} (pid ${refund.pid})`)
          .join('; '),
    );
    console.log(`Approval ${approvalId}: ${approval.state} (${approval.execution?.outcome ?? '-'})`);
    check(
      issued.length === 1 && issued[0]?.worker === 'worker-3' && issued[0].pid === resume.pid,
      'one refund, by worker 3',
    );
    check(approval.state === 'completed' && approval.execution?.outcome === 'succeeded', 'the approval is used up');
  } finally {
    await pool.end();
  }
}

async function main(): Promise<void> {
  const database = await openDatabase();
  console.log(`The fleet's database: ${database.description}; Brane's tables in the schema ${database.schema}.`);
  try {
    await fleet(database);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
