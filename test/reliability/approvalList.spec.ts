import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  FileApprovalStore,
  InMemoryApprovalStore,
  approvalMatches,
  type ApprovalQuery,
  type ApprovalRecord,
  type ApprovalStore,
} from '@brane/approvals';
import { sampleApprovalRecord } from '@brane/approvals/testing';
import { PostgresApprovalStore } from '@brane/postgres';
import fc from 'fast-check';
import { describeWithDatabase } from '../../packages/postgres/test/harness/testDatabase';
import { propertyParameters } from './propertyRuns';

const T0 = 1_700_000_000_000;
const iso = (offset: number): string => new Date(T0 + offset * 60_000).toISOString();

/** Ids from a small alphabet where code-unit order differs from any locale's: digits, `-`, upper, `_`, lower. */
const id = fc.string({ unit: fc.constantFrom('0', '9', '-', 'A', 'Z', '_', 'a', 'z'), minLength: 1, maxLength: 4 });
const time = fc.oneof(fc.integer({ min: 0, max: 10 }).map(iso), fc.constant('not a date'));
const record = fc.record({
  id,
  status: fc.constantFrom('pending', 'approved', 'rejected', 'executing', 'completed'),
  capability: fc.constantFrom('refund', 'wire'),
  tenantId: fc.option(fc.constantFrom('acme', 'globex'), { nil: undefined }),
  requestedAt: time,
  expiresAt: time,
});
const query = fc.record(
  {
    state: fc.constantFrom('pending', 'approved', 'rejected', 'executing', 'completed', 'expired'),
    now: fc.integer({ min: 0, max: 10 }).map((offset) => T0 + offset * 60_000),
    capability: fc.constantFrom('refund', 'wire'),
    tenantId: fc.constantFrom('acme', 'globex'),
    since: fc.integer({ min: 0, max: 10 }).map((offset) => T0 + offset * 60_000),
    cursor: id,
    limit: fc.integer({ min: 1, max: 6 }),
  },
  { requiredKeys: ['now'] },
);
const case_ = fc.record({
  records: fc.uniqueArray(record, { selector: (r) => r.id, maxLength: 16 }),
  query,
});

/** What `list(query)` must return: the matches, by code unit, at most `limit`. */
function expected(records: readonly ApprovalRecord[], q: ApprovalQuery & { now: number }): string[] {
  const ids = records
    .filter((r) => approvalMatches(r, q))
    .map((r) => r.id)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return q.limit === undefined ? ids : ids.slice(0, q.limit);
}

/** Every store lists exactly the reference's records for any records and any query, and pages through them all. */
async function checkStore(reset: () => Promise<ApprovalStore>, runs: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(case_, async ({ records, query: q }) => {
      const store = await reset();
      const full = records.map((fields) => {
        const { tenantId, ...rest } = { ...sampleApprovalRecord(), ...fields };
        return tenantId === undefined ? rest : { ...rest, tenantId };
      });
      for (const r of full) await store.create(r);

      expect((await store.list(q)).map((r) => r.id)).toStrictEqual(expected(full, q));
      // Walking every page from the start gives every match once, in order.
      const limit = q.limit ?? 3;
      const filters = { ...q, cursor: undefined, limit: undefined };
      const walked: string[] = [];
      for (let cursor: string | undefined = undefined, guard = 0; guard < 20; guard++) {
        const page = await store.list({ ...filters, cursor, limit });
        walked.push(...page.map((r) => r.id));
        if (page.length < limit) break;
        cursor = page[page.length - 1]?.id;
      }
      expect(walked).toStrictEqual(expected(full, filters));
    }),
    propertyParameters(runs),
  );
}

describe('ApprovalStore.list: any records, any query (property)', () => {
  it('InMemoryApprovalStore', async () => {
    await checkStore(async () => new InMemoryApprovalStore(), 300);
  });

  it('FileApprovalStore', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-list-'));
    let n = 0;
    try {
      await checkStore(async () => new FileApprovalStore({ directory: path.join(root, String(n++)) }), 100);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 120_000);
});

describeWithDatabase('ApprovalStore.list on PostgreSQL: any records, any query (property)', (db) => {
  it('PostgresApprovalStore', async () => {
    const store = new PostgresApprovalStore({ pool: db().pool, schema: db().schema });
    await checkStore(async () => {
      await db().pool.query(`TRUNCATE "${db().schema}".approvals`);
      return store;
    }, 60);
  }, 300_000);
});
