export { Decision, attributedAsChecked, checkedLabelsOf, reservedLimitsOf } from './Decision.js';
export type {
  DecisionAttribution,
  DecisionInit,
  DecisionJSON,
  DecisionOptions,
  DecisionPayload,
} from './DecisionInit.js';
export { DECISION_TYPES, isDecisionType } from './DecisionType.js';
export type { DecisionType } from './DecisionType.js';
export { DECISION_PRECEDENCE, outranks } from './DecisionPrecedence.js';
export { composeDecisions, composeNext, effectsOf, isFinalDecision } from './composeDecisions.js';
export { mergeApprovals } from './mergeApprovals.js';
export { DEFAULT_APPROVAL_EXPIRY_MS } from './ApprovalRequest.js';
export type { ApprovalRequest, ApprovalRequestInit, ApproverGroupsInit } from './ApprovalRequest.js';
export type { Mutations } from './Mutations.js';
export type { PolicyRef } from './PolicyRef.js';
export { DEFAULT_MASK } from './Redaction.js';
export type { Redaction, RedactionInit } from './Redaction.js';
export { parseRedactionPath } from './RedactionPath.js';
export type { PathSegment } from './RedactionPath.js';
export type { RouteTarget } from './RouteTarget.js';
export type { SandboxConstraints } from './SandboxConstraints.js';
export { intersectSandbox } from './intersectSandbox.js';
export { hostAllowed, pathAllowed } from './sandboxMatch.js';
export { validateSandbox } from './validateSandbox.js';
export type { Transform } from './Transform.js';
export { copyData, isPlainArray, isPlainObject } from './copyData.js';
export { newUlid } from './newUlid.js';
export { DEFAULT_LEASE_MS, LIMIT_KEY_MAX_LENGTH } from './Limit.js';
export type { Limit, LimitInit, LimitKind, LimitStoreErrorMode } from './Limit.js';
export { validateLimit } from './validateLimit.js';
export { MAX_WINDOW_MS, parseWindow } from './parseWindow.js';
export { MAX_LABELS, isDataLabel, parseLabels, unionLabels } from './dataLabels.js';
