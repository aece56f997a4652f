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
export { canonicalJson, toJsonData } from './canonicalJson.js';
export { APPROVAL_ID_PATTERN, assertApprovalId } from './assertApprovalId.js';
export type { ApprovalStore } from './ApprovalStore.js';
export { InMemoryApprovalStore } from './InMemoryApprovalStore.js';
export { FileApprovalStore } from './FileApprovalStore.js';
export type { FileApprovalStoreOptions } from './FileApprovalStore.js';
export { loadOrCreateSecret } from './loadOrCreateSecret.js';
export { ApprovalService } from './ApprovalService.js';
export type {
  ApprovalCompletion,
  ApprovalDecisionInput,
  ApprovalListFilter,
  ApprovalServiceOptions,
  ClaimOptions,
  WaitForDecisionOptions,
  WithdrawalInput,
} from './ApprovalService.js';
export type { ApprovalBinding } from './ApprovalBinding.js';
export type { NewApproval } from './NewApproval.js';
