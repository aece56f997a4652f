import { assertRequestedBy } from '@brane/approvals';
import { ApprovalError } from '@brane/errors';
import { sampleRecord, without } from './fixtures/records';

describe('assertRequestedBy', () => {
  const record = sampleRecord(); // tenant `acme`, principal `user_7`

  it('passes for the tenant and principal the approval was requested under', () => {
    expect(() => {
      assertRequestedBy(record, { tenantId: 'acme', principalId: 'user_7' });
    }).not.toThrow();
    const anonymous = without(record, 'tenantId', 'principalId');
    expect(() => {
      assertRequestedBy(anonymous, { tenantId: undefined, principalId: undefined });
    }).not.toThrow();
  });

  it.each([
    [{ tenantId: 'globex', principalId: 'user_7' }, ['tenantId'], /its `tenantId` differs/],
    [{ tenantId: 'acme', principalId: 'user_8' }, ['principalId'], /its `principalId` differs/],
    [{ tenantId: 'globex', principalId: 'user_8' }, ['tenantId', 'principalId'], /`tenantId` and `principalId` differ/],
    [{ tenantId: undefined, principalId: 'user_7' }, ['tenantId'], /`tenantId` differs/],
    [{ tenantId: 'acme', principalId: undefined }, ['principalId'], /`principalId` differs/],
  ])('refuses %p with APPROVAL_MISMATCH naming the fields, never their values', (identity, fields, message) => {
    let thrown: unknown;
    try {
      assertRequestedBy(record, identity);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApprovalError);
    expect(thrown).toMatchObject({ code: 'APPROVAL_MISMATCH', approvalId: record.id, details: { fields } });
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toMatch(/acme|globex|user_7|user_8/);
  });

  it('refuses an identity with a tenant for a record without one', () => {
    const anonymous = without(record, 'tenantId');
    expect(() => {
      assertRequestedBy(anonymous, { tenantId: 'acme', principalId: 'user_7' });
    }).toThrow(/`tenantId`/);
  });
});
