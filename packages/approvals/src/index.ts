export type {
  ApprovalDecision,
  ApprovalExecution,
  ApprovalPolicyRef,
  ApprovalRecord,
  ApprovalRequestDetails,
  ApprovalState,
  ApprovalStatus,
  ApprovalWithdrawal,
  UnsealedApprovalRecord,
} from './ApprovalRecord.js';
export { approvalState } from './approvalState.js';
export { MAX_JSON_DEPTH, canonicalJson, toJsonData } from './canonicalJson.js';
export { APPROVAL_ID_PATTERN, assertApprovalId } from './assertApprovalId.js';
export type { ApprovalStore } from './ApprovalStore.js';
export { approvalMatches, compareApprovalIds, parseApprovalQuery } from './ApprovalQuery.js';
export type { ApprovalQuery, ParsedApprovalQuery } from './ApprovalQuery.js';
export { assertExpectedSeal, recordFromJson, recordToJson } from './recordJson.js';
export { InMemoryApprovalStore } from './InMemoryApprovalStore.js';
export { FileApprovalStore } from './FileApprovalStore.js';
export type { FileApprovalStoreOptions } from './FileApprovalStore.js';
export { lockFile } from './lockFile.js';
export type { FileLock, FileLockOptions } from './lockFile.js';
export { writeFileAtomically } from './writeFileAtomically.js';
export type { AtomicWriteOptions } from './writeFileAtomically.js';
export { loadOrCreateSecret } from './loadOrCreateSecret.js';
export { ApprovalService } from './ApprovalService.js';
export type { ApprovalCompletion, WithdrawalInput } from './ApprovalCompletion.js';
export type { ApprovalListFilter, ApprovalPage } from './ApprovalListFilter.js';
export type { ApprovalServiceOptions, ClaimOptions, WaitForDecisionOptions } from './ApprovalServiceOptions.js';
export type { ApprovalBinding } from './ApprovalBinding.js';
export type { NewApproval } from './NewApproval.js';
export type { ApprovalDecisionInput } from './ApprovalDecisionInput.js';
export { checkApproverIdentity, MAX_APPROVER_GROUPS, MAX_APPROVER_TEXT } from './ApproverIdentity.js';
export type { ApproverIdentity } from './ApproverIdentity.js';
export { vouchedApprover } from './AuthorizeApprover.js';
export type { ApproverRequest, AuthorizeApprover } from './AuthorizeApprover.js';
export { assertRequestedBy } from './assertRequestedBy.js';
export type { RequestingIdentity } from './assertRequestedBy.js';
