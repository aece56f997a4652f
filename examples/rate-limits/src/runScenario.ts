import { CapabilityDeniedError, Runtime, type LimitStore } from '@brane/sdk';
import { AgentTools } from './AgentTools.js';
import { LimitPolicies } from './LimitPolicies.js';

/** What a scenario did, to check it. */
export interface ScenarioResult {
  readonly emailsSent: number;
  readonly emailDenial: CapabilityDeniedError | undefined;
  readonly spent: number;
  readonly browsed: number;
  readonly browserDenials: number;
}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`The example did not behave as documented: ${what}`);
}

/** Runs the three limits against `store`, for a tenant of its own, and prints what happens. */
export async function runScenario(store: LimitStore, tenantId: string): Promise<ScenarioResult> {
  const runtime = new Runtime({ agentId: `mailer-${tenantId}`, tenantId, limits: store });
  runtime.use(new LimitPolicies());
  const tools = runtime.govern(new AgentTools());

  let emailDenial: CapabilityDeniedError | undefined;
  for (let i = 1; i <= 21 && emailDenial === undefined; i++) {
    await tools.sendEmail(`customer-${i}@example.com`).catch((error: unknown) => {
      if (!(error instanceof CapabilityDeniedError)) throw error;
      emailDenial = error;
    });
  }
  console.log(`count: ${tools.sent.length} emails sent; the 21st: ${emailDenial?.reason ?? 'allowed'}`);
  check(tools.sent.length === 20 && emailDenial?.limit?.key === `emails:mailer-${tenantId}`, '20 emails, then a deny');
  check(
    emailDenial.retryAfterMs !== undefined && emailDenial.retryAfterMs <= 3_600_000,
    'retryAfterMs within the hour',
  );

  for (const cost of [1.5, 2, 1, 0.75]) {
    await tools.callPaidApi(cost).then(
      () => {
        console.log(`sum: $${cost} call allowed`);
      },
      (error: unknown) => {
        if (!(error instanceof CapabilityDeniedError)) throw error;
        console.log(`sum: $${cost} call denied, $${error.limit?.remaining ?? '?'} of $5 left today`);
      },
    );
  }
  const spent = tools.spent.reduce((sum, cost) => sum + cost, 0);
  check(spent === 4.5, 'the calls that fit in $5 ran: $1.50 + $2 + $1');

  const sessions = await Promise.allSettled(
    ['a', 'b', 'c'].map((page) => tools.browse(`https://example.com/${page}`, 100)),
  );
  const browserDenials = sessions.filter((s) => s.status === 'rejected').length;
  console.log(`concurrent: 3 sessions asked at once: ${3 - browserDenials} ran, ${browserDenials} denied`);
  const after = await tools.browse('https://example.com/d', 10);
  console.log(`concurrent: once they ended, another one ran (${after})`);
  check(browserDenials === 1, 'two sessions at once, the third denied');
  return { emailsSent: tools.sent.length, emailDenial, spent, browsed: 3 - browserDenials + 1, browserDenials };
}
