import { approvalMatches, compareApprovalIds, parseApprovalQuery } from '@brane/approvals';
import { sampleApprovalRecord } from '@brane/approvals/testing';

describe('parseApprovalQuery', () => {
  it('returns the query frozen, with `now` set to the time of the call unless given', () => {
    const before = Date.now();
    const parsed = parseApprovalQuery({ state: 'pending', limit: 5 });

    expect(Object.isFrozen(parsed)).toBe(true);
    expect(parsed).toMatchObject({ state: 'pending', limit: 5 });
    expect(parsed.now).toBeGreaterThanOrEqual(before);
    expect(parseApprovalQuery({ now: 7 }).now).toBe(7);
    expect(parseApprovalQuery(undefined)).toMatchObject({ now: expect.any(Number) as unknown });
  });

  it('names the argument with the label it is given', () => {
    expect(() => parseApprovalQuery({ limit: 0 }, 'options')).toThrow(/`options\.limit` must be a positive integer/);
    expect(() => parseApprovalQuery({ tenant: 'acme' })).toThrow(/`query\.tenant` must be one of state, now/);
  });
});

describe('approvalMatches', () => {
  const record = sampleApprovalRecord();
  const now = Date.parse(record.requestedAt);

  it.each([
    [{}, true],
    [{ cursor: record.id }, false],
    [{ cursor: '01HZX' }, true],
    [{ state: 'pending' as const }, true],
    [{ state: 'expired' as const }, false],
    [{ capability: 'payments.refund', tenantId: 'acme' }, true],
    [{ tenantId: 'globex' }, false],
    [{ since: now }, true],
    [{ since: now + 1 }, false],
  ])('%p: %p', (query, expected) => {
    expect(approvalMatches(record, { now, ...query })).toBe(expected);
  });

  it('never matches `since` for a record whose requestedAt cannot be parsed', () => {
    expect(approvalMatches({ ...record, requestedAt: 'soon' }, { now, since: 0 })).toBe(false);
  });
});

describe('compareApprovalIds', () => {
  it('orders by code unit, as the ids sort in every store', () => {
    const ids = ['b', 'a-', 'B', '_', '0', 'a'].map((id) => ({ id }));

    expect(ids.sort(compareApprovalIds).map((r) => r.id)).toStrictEqual(['0', 'B', '_', 'a', 'a-', 'b']);
  });
});
