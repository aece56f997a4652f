import type { ApprovalRecord } from '@brane/approvals';
import { INBOX_PAGE_SIZE, inboxPage, mayDecide, parseInboxQuery } from '../src/InboxQuery';
import type { InboxSnapshot } from '../src/InboxIndex';

function record(n: number, fields: Partial<ApprovalRecord> = {}, groups: string[] = ['finance']): ApprovalRecord {
  return {
    id: `01J${String(n).padStart(8, '0')}`,
    status: 'pending',
    capability: n % 2 === 0 ? 'payments.refund' : 'crm.delete',
    risk: n % 3 === 0 ? 'high' : 'low',
    args: {},
    tenantId: n % 5 === 0 ? 'globex' : 'acme',
    environment: 'prod',
    actionId: `a${n}`,
    traceId: `t${n}`,
    policies: [],
    request: { approverGroups: groups, reason: '', context: {}, distinctApprover: false },
    requestedAt: '2026-12-06T09:00:00.000Z',
    expiresAt: '2026-12-06T10:00:00.000Z',
    seal: 'x',
    ...fields,
  };
}

/** A snapshot of `count` records, newest (highest id) first. */
function snapshot(records: ApprovalRecord[]): InboxSnapshot {
  return { records: [...records].sort((a, b) => (a.id < b.id ? 1 : -1)), version: 1, readAt: 0 };
}

describe('inboxPage', () => {
  const all = snapshot(Array.from({ length: 130 }, (_, i) => record(i)));

  it('pages newest first, and the next page starts after the last id shown, without overlap or gap', () => {
    const seen: string[] = [];
    let before: string | undefined;
    do {
      const page = inboxPage(all, { before }, []);
      expect(page.records.length).toBeLessThanOrEqual(INBOX_PAGE_SIZE);
      seen.push(...page.records.map((r) => r.id));
      before = page.nextBefore;
    } while (before !== undefined);
    expect(seen).toStrictEqual(all.records.map((r) => r.id));
  });

  it('keeps its place when newer requests arrive between pages', () => {
    const first = inboxPage(all, {}, []);
    const grown = snapshot([...all.records, record(500), record(501)]);
    const second = inboxPage(grown, { before: first.nextBefore }, []);
    expect(second.records[0]?.id).toBe(all.records[INBOX_PAGE_SIZE]?.id);
  });

  it.each([
    [{ capability: 'payments.refund' }, (r: ApprovalRecord) => r.capability === 'payments.refund'],
    [{ tenant: 'globex' }, (r: ApprovalRecord) => r.tenantId === 'globex'],
    [{ risk: 'high' }, (r: ApprovalRecord) => r.risk === 'high'],
    [
      { capability: 'crm.delete', risk: 'low', tenant: 'acme' },
      (r: ApprovalRecord) => r.capability === 'crm.delete' && r.risk === 'low' && r.tenantId === 'acme',
    ],
  ])('filters by %j', (query, expected) => {
    const page = inboxPage(all, query, []);
    expect(page.matching).toBe(all.records.filter(expected).length);
    expect(page.pending).toBe(130);
    expect(page.records.every(expected)).toBe(true);
  });

  it('filters by group and by what the person may decide; a request that names no group is anyone’s', () => {
    const mixed = snapshot([record(1, {}, ['finance']), record(2, {}, ['support']), record(3, {}, [])]);
    expect(inboxPage(mixed, { group: 'support' }, []).records.map((r) => r.id)).toStrictEqual([
      record(3).id,
      record(2).id,
    ]);
    expect(inboxPage(mixed, { mine: true }, ['finance']).records.map((r) => r.id)).toStrictEqual([
      record(3).id,
      record(1).id,
    ]);
    expect(mayDecide(record(2, {}, ['support']), ['finance'])).toBe(false);
  });

  it('counts a record without a risk as `unknown`, and offers the values seen as choices', () => {
    const withoutRisk = record(7);
    delete (withoutRisk as { risk?: string }).risk;
    const page = inboxPage(snapshot([withoutRisk, record(3)]), { risk: 'unknown' }, []);
    expect(page.records).toStrictEqual([withoutRisk]);
    expect(page.choices.risks).toStrictEqual(['high', 'unknown']);
  });
});

describe('parseInboxQuery', () => {
  it('keeps known, non-empty fields of at most 256 characters', () => {
    expect(
      parseInboxQuery({ capability: 'a', tenant: '', risk: 'x'.repeat(257), mine: '1', other: 'y', before: '01J' }),
    ).toStrictEqual({
      capability: 'a',
      mine: true,
      before: '01J',
    });
  });
});
