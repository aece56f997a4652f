export { BRANE_ERROR_CODES } from './BraneErrorCode.js';
export type {
  ApprovalErrorCode,
  AuditErrorCode,
  BraneErrorCode,
  ConfigurationErrorCode,
  PolicyFailureCode,
} from './BraneErrorCode.js';
export { BraneError } from './BraneError.js';
export type { BraneErrorOptions } from './BraneError.js';
export { ApprovalError } from './ApprovalError.js';
export { ApprovalExpiredError } from './ApprovalExpiredError.js';
export type { ApprovalExpiredErrorInit } from './ApprovalExpiredError.js';
export { ApprovalRejectedError } from './ApprovalRejectedError.js';
export type { ApprovalRejectedErrorInit } from './ApprovalRejectedError.js';
export { ApprovalRequiredError } from './ApprovalRequiredError.js';
export { AuditError } from './AuditError.js';
export type { ApprovalRequiredErrorInit } from './ApprovalRequiredError.js';
export { CapabilityDeniedError } from './CapabilityDeniedError.js';
export type { CapabilityDeniedErrorInit, LimitExceeded } from './CapabilityDeniedError.js';
export { ConfigurationError } from './ConfigurationError.js';
export { PolicyEvaluationError } from './PolicyEvaluationError.js';
export type { PolicyEvaluationErrorOptions } from './PolicyEvaluationError.js';
export { SandboxTimeoutError } from './SandboxTimeoutError.js';
export type { SandboxTimeoutErrorInit } from './SandboxTimeoutError.js';
export { SandboxViolationError } from './SandboxViolationError.js';
export type { SandboxViolationErrorInit } from './SandboxViolationError.js';
export type { DecisionRecord } from './DecisionRecord.js';
export { describeValue } from './describeValue.js';
export { MAX_CUT_MARKER_LENGTH, MAX_TEXT_LENGTH, boundText } from './boundText.js';
export { escapeForTerminal } from './escapeForTerminal.js';
