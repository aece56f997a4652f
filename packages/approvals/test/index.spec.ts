import * as approvals from '@brane/approvals';

describe('@brane/approvals entry point', () => {
  it('exports exactly the public runtime values', () => {
    expect(Object.keys(approvals).sort()).toStrictEqual([
      'APPROVAL_ID_PATTERN',
      'ApprovalService',
      'FileApprovalStore',
      'InMemoryApprovalStore',
      'MAX_APPROVER_GROUPS',
      'MAX_APPROVER_TEXT',
      'approvalState',
      'assertApprovalId',
      'assertRequestedBy',
      'canonicalJson',
      'loadOrCreateSecret',
      'toJsonData',
      'vouchedApprover',
    ]);
  });
});
