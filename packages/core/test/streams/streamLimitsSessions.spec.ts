// A streaming capability keeps the promises of limits and sessions: it reserves before its first chunk, holds a
// concurrent slot while it streams, and its session learns what it delivered.
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import { InMemoryLimitStore } from '@brane/limits';
import type { PolicyContext } from '@brane/policy-engine';

const ACCOUNT = 'ACC-4411-9920-7731';

function setup() {
  const runtime = new Runtime({ limits: new InMemoryLimitStore(), tenantId: 't1' });
  let ran = 0;
  const exportRows = runtime.capability(
    { name: 'export_rows', stream: true, produces: ['pii'] },
    async function* (count: number) {
      ran += 1;
      for (let i = 0; i < count; i++) yield { row: i, account: i === count - 1 ? ACCOUNT : `row-${i}` };
    },
  );
  runtime.beforeCapability('export_rows', { name: 'one_export_at_a_time' }, () =>
    Decision.allow().withLimits({ key: 'exports', kind: 'concurrent', max: 1 }),
  );
  const sendEmail = runtime.capability(
    { name: 'send_email', effect: { type: 'communication', external: true } },
    async (to: string, body: string) => ({ to, length: body.length }),
  );
  const seen: { pii: boolean; bodyLabels: readonly string[] }[] = [];
  runtime.beforeCapability('send_email', { name: 'watch' }, (ctx: PolicyContext) => {
    seen.push({ pii: ctx.session.has({ label: 'pii' }), bodyLabels: ctx.argLabels('body') });
    return Decision.allow();
  });
  return { runtime, exportRows, sendEmail, seen, ran: () => ran };
}

async function drain(stream: AsyncIterable<unknown>): Promise<unknown[]> {
  const chunks: unknown[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('streams with limits', () => {
  it('holds a concurrent slot while the stream is read, and denies a second stream until it ends', async () => {
    const { exportRows, ran } = setup();
    const first = exportRows(3)[Symbol.asyncIterator]();
    await first.next(); // the first chunk: the slot is taken
    await expect(drain(exportRows(1))).rejects.toBeInstanceOf(CapabilityDeniedError);
    expect(ran()).toBe(1); // the denied stream's body never started
    while (!(await first.next()).done);
    await expect(drain(exportRows(2))).resolves.toHaveLength(2);
  });

  it('releases the slot when the consumer stops early', async () => {
    const { exportRows } = setup();
    for await (const chunk of exportRows(5)) {
      expect(chunk).toEqual({ row: 0, account: 'row-0' });
      break; // return(): the action ends here
    }
    await expect(drain(exportRows(1))).resolves.toHaveLength(1);
  });
});

describe('streams in a session', () => {
  it('records the stream once it ended: its labels, and the values of every chunk it delivered', async () => {
    const { runtime, exportRows, sendEmail, seen } = setup();
    await runtime.withContext({ sessionId: 's1' }, async () => {
      await sendEmail('a@example.com', `account ${ACCOUNT}`);
      await drain(exportRows(4));
      await sendEmail('a@example.com', `your account is ${ACCOUNT}, thanks`);
      await sendEmail('a@example.com', 'nothing from the export');
    });
    expect(seen).toEqual([
      { pii: false, bodyLabels: [] },
      { pii: true, bodyLabels: ['pii'] },
      { pii: true, bodyLabels: [] },
    ]);
  });

  it('a stream left early still labels its session: what it delivered reached the caller', async () => {
    const { runtime, exportRows, sendEmail, seen } = setup();
    await runtime.withContext({ sessionId: 's2' }, async () => {
      for await (const chunk of exportRows(3)) {
        expect(chunk).toMatchObject({ row: 0 });
        break;
      }
      await sendEmail('a@example.com', 'hello');
    });
    expect(seen).toEqual([{ pii: true, bodyLabels: [] }]);
  });
});
