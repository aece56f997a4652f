import { CapabilityDeniedError, Runtime } from '@brane/sdk';
import { CustomerDatabase } from './CustomerDatabase.js';
import { ReadOnlySqlPolicy } from './ReadOnlySqlPolicy.js';
import { sampleCustomers } from './sampleCustomers.js';

/** Runs `query`; returns `true` if a policy denied it, after printing what happened. */
function attempt(db: CustomerDatabase, query: string): boolean {
  try {
    const rows: unknown = db.executeSql(query); // no await: a sync capability with sync policies stays sync
    if (rows instanceof Promise) throw new Error('execute_sql should have returned its rows synchronously');
    console.log(`${JSON.stringify(query)}: allowed ->`, rows);
    return false;
  } catch (error) {
    if (!(error instanceof CapabilityDeniedError)) throw error;
    console.log(`${JSON.stringify(query)}: BLOCKED by ${error.policyName ?? 'default'}: ${error.reason}`);
    return true;
  }
}

/** The number of customers, read through the governed capability itself. */
function countCustomers(db: CustomerDatabase): number {
  return Number(db.executeSql('select count(*) as n from customers')[0]?.n);
}

async function main(): Promise<void> {
  const runtime = new Runtime({ agentId: 'analytics-agent', environment: 'prod' });
  runtime.use(new ReadOnlySqlPolicy());
  const db = runtime.govern(await CustomerDatabase.open(sampleCustomers));

  const before = countCustomers(db);
  console.log(`customers before: ${before}\n`);
  const outcomes = [
    attempt(db, "select id, name from customers where plan = 'pro' order by id"),
    attempt(db, "with paying as (select * from customers where plan != 'free') select count(*) as n from paying"),
    attempt(db, 'delete from customers'),
    attempt(db, 'select 1; delete from customers'),
    attempt(db, '/* just a report */ delete from customers'),
  ];
  const after = countCustomers(db);
  console.log(`\ncustomers after: ${after}`);
  db.close();

  if (outcomes.join() !== 'false,false,true,true,true' || before !== sampleCustomers.length || after !== before) {
    throw new Error('The example did not behave as documented');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
