import * as approvals from '@brane/approvals';
import * as testing from '@brane/approvals/testing';

describe('@brane/approvals entry point', () => {
  it('exports exactly the public runtime values', () => {
    expect(Object.keys(approvals).sort()).toStrictEqual([
      'APPROVAL_ID_PATTERN',
      'ApprovalService',
      'FileApprovalStore',
      'InMemoryApprovalStore',
      'MAX_APPROVER_GROUPS',
      'MAX_APPROVER_TEXT',
      'MAX_JSON_DEPTH',
      'approvalMatches',
      'approvalState',
      'assertApprovalId',
      'assertExpectedSeal',
      'assertRequestedBy',
      'canonicalJson',
      'checkApproverIdentity',
      'compareApprovalIds',
      'loadOrCreateSecret',
      'lockFile',
      'parseApprovalQuery',
      'recordFromJson',
      'recordToJson',
      'toJsonData',
      'vouchedApprover',
      'writeFileAtomically',
    ]);
  });

  it('@brane/approvals/testing exports the store contract suite and its sample record', () => {
    expect(Object.keys(testing).sort()).toStrictEqual([
      'SAMPLE_REQUESTED_AT_MS',
      'describeApprovalStoreContract',
      'sampleApprovalRecord',
    ]);
  });
});
