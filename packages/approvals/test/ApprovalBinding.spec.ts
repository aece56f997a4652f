import { ApprovalError } from '@brane/errors';
import type { ApprovalBinding } from '@brane/approvals';
import { assertBindingMatches } from '../src/ApprovalBinding';
import { sampleRecord, without } from './fixtures/records';

const record = sampleRecord({ args: { customerId: 'cust_1', amount: 900, meta: { a: 1, b: [1, 2] } } });
const binding: ApprovalBinding = {
  capability: 'payments.refund',
  args: { customerId: 'cust_1', amount: 900, meta: { a: 1, b: [1, 2] } },
  tenantId: 'acme',
  principalId: 'user_7',
};

function mismatch(changed: Partial<ApprovalBinding>, against = record): ApprovalError {
  try {
    assertBindingMatches(against, { ...binding, ...changed });
  } catch (error) {
    expect(error).toBeInstanceOf(ApprovalError);
    return error as ApprovalError;
  }
  throw new Error('expected APPROVAL_MISMATCH');
}

describe('assertBindingMatches', () => {
  it('accepts the approved call', () => {
    expect(() => {
      assertBindingMatches(record, binding);
    }).not.toThrow();
  });

  it('ignores key order at every depth, and properties set to undefined', () => {
    const reordered = { meta: { b: [1, 2], a: 1 }, amount: 900, customerId: 'cust_1', note: undefined };

    expect(() => {
      assertBindingMatches(record, { ...binding, args: reordered });
    }).not.toThrow();
  });

  it.each<[string, Partial<ApprovalBinding>]>([
    ['capability', { capability: 'payments.charge' }],
    ['args', { args: { customerId: 'cust_1', amount: 90_000, meta: { a: 1, b: [1, 2] } } }],
    ['args', { args: { customerId: 'cust_1', amount: 900, meta: { a: 1, b: [2, 1] } } }],
    ['args', { args: { customerId: 'cust_1', amount: 900 } }],
    ['tenantId', { tenantId: 'globex' }],
    ['tenantId', { tenantId: undefined }],
    ['principalId', { principalId: 'user_8' }],
    ['principalId', { principalId: undefined }],
  ])('refuses a different %s with APPROVAL_MISMATCH naming the field', (field, changed) => {
    const error = mismatch(changed);

    expect(error.code).toBe('APPROVAL_MISMATCH');
    expect(error.approvalId).toBe(record.id);
    expect(error.details['fields']).toStrictEqual([field]);
    expect(error.message).toContain(`its \`${field}\` differs from this call's`);
  });

  it('names every differing field, and never the values', () => {
    const error = mismatch({ args: { customerId: 'cust_SECRET', amount: 1 }, tenantId: 'tenant-SECRET' });

    expect(error.details['fields']).toStrictEqual(['args', 'tenantId']);
    expect(error.message).toContain('`args`, `tenantId` differ');
    expect(error.message).not.toMatch(/SECRET|cust_1|acme|900/);
    expect(JSON.stringify(error.details)).not.toMatch(/SECRET/);
  });

  it('matches an undefined tenant and principal only to a record without them', () => {
    const anonymous = without(record, 'tenantId', 'principalId');

    expect(() => {
      assertBindingMatches(anonymous, { ...binding, tenantId: undefined, principalId: undefined });
    }).not.toThrow();
    expect(mismatch({ tenantId: 'acme' }, anonymous).details['fields']).toStrictEqual(['tenantId', 'principalId']);
  });

  it.each<[string, unknown, RegExp]>([
    ['no binding', undefined, /`binding` must be an object/],
    ['no capability', { ...binding, capability: '' }, /`binding\.capability` must be a non-empty string/],
    ['args that are not an object', { ...binding, args: [1] }, /`binding\.args` must be an object/],
    ['non-JSON args', { ...binding, args: { at: new Date(0) } }, /`binding\.args\.at` is a Date/],
  ])('refuses %s with INVALID_ARGUMENT', (_, value, message) => {
    expect(() => {
      assertBindingMatches(record, value as ApprovalBinding);
    }).toThrow(message);
  });
});
