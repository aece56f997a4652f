import { Runtime } from '@brane/sdk';
import { benchEach, type BenchOptions, type Measurement } from '../measure.js';

/** The size of the labelled output whose fingerprinting is measured, in KB. */
export const FINGERPRINTED_KB = 16;

/** Session recording and value fingerprinting, each beside the same call without it. */
export interface SessionResults {
  /** A sync capability in `withContext`, outside a session and inside one (in memory). */
  readonly noSession: Measurement;
  readonly inSession: Measurement;
  /** A call in a session returning {@link FINGERPRINTED_KB} KB of text, unlabelled and labelled `pii`. */
  readonly unlabelled: Measurement;
  readonly labelled: Measurement;
}

/** Text of about `kb` KB as a CRM export reads: words, ids, emails and phone numbers. */
function crmText(kb: number): string {
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < kb * 1024; i++) {
    lines.push(
      `Customer cust_${1000 + i} Jane Doe account GB29-NWBK-${6016 + i}-1331 email jane.doe${i}@example.com phone +44-20-7946-${String(i).padStart(4, '0')} notes prefers email contact`,
    );
  }
  return lines.join('\n').slice(0, kb * 1024);
}

/**
 * The per-call cost of recording an action in an in-memory session, and of fingerprinting a labelled output (per
 * KB). Both sides of each pair run in `withContext`, so the difference is the session's alone.
 */
export async function sessionSuite(options: BenchOptions): Promise<SessionResults> {
  const runtime = new Runtime();
  const ping = runtime.capability({ name: 'ping', risk: 'low' }, (x: number) => x + 1);
  const text = crmText(FINGERPRINTED_KB);
  const plainRead = runtime.capability({ name: 'read_plain' }, () => text);
  const labelledRead = runtime.capability({ name: 'read_labelled', produces: ['pii'] }, () => text);
  const [noSession, inSession] = await benchEach(
    [
      {
        name: 'sync call in withContext, no session',
        fn: () => runtime.withContext({ tenantId: 't1' }, () => ping(1)),
      },
      {
        name: 'sync call in withContext, in a session',
        fn: () => runtime.withContext({ sessionId: 's1' }, () => ping(1)),
      },
    ],
    options,
  );
  const [unlabelled, labelled] = await benchEach(
    [
      {
        name: `${FINGERPRINTED_KB} KB output, unlabelled`,
        fn: () => runtime.withContext({ sessionId: 's2' }, () => plainRead()),
      },
      {
        name: `${FINGERPRINTED_KB} KB output, labelled pii`,
        fn: () => runtime.withContext({ sessionId: 's3' }, () => labelledRead()),
      },
    ],
    options,
  );
  return {
    noSession: noSession as Measurement,
    inSession: inSession as Measurement,
    unlabelled: unlabelled as Measurement,
    labelled: labelled as Measurement,
  };
}
