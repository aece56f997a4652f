/**
 * Brane for TypeScript: the one import for governing what AI agents can do. Re-exports the public API of
 * `@brane/core`, `@brane/decisions`, `@brane/errors`, `@brane/policy-engine`, `@brane/approvals` and
 * `@brane/audit`. Test helpers live in
 * `@brane/sdk/testing`, so that production code never loads jest matchers.
 */
export {
  AfterCapability,
  AgentAction,
  BeforeCapability,
  Capability,
  Runtime,
  capabilityOf,
  checkSandboxPath,
  createSandboxFetch,
  currentAction,
  defineCapability,
  isCapabilityDefinition,
  parseIdentityFields,
  sandboxFetch,
  sandboxPath,
} from '@brane/core';
export type {
  ActionRoute,
  AgentActionInit,
  AuditOptions,
  Explanation,
  PolicyExplanation,
  ApprovalOptions,
  Approvals,
  CapabilityDecorator,
  CapabilityDefinition,
  CapabilityOptions,
  ContextOverrides,
  EffectOptions,
  Identity,
  IdentityFields,
  PolicyDecorator,
  PolicyMethod,
  RoutingOptions,
  RuntimeOptions,
  SandboxFetchOptions,
  SandboxPathOptions,
  ValidationProblem,
  ValidationReport,
} from '@brane/core';
export {
  DECISION_PRECEDENCE,
  DECISION_TYPES,
  Decision,
  composeDecisions,
  composeNext,
  effectsOf,
  isDecisionType,
  isFinalDecision,
} from '@brane/decisions';
export type {
  ApprovalRequest,
  ApprovalRequestInit,
  DecisionAttribution,
  DecisionInit,
  DecisionJSON,
  DecisionOptions,
  DecisionPayload,
  DecisionType,
  Mutations,
  PolicyRef,
  Redaction,
  RedactionInit,
  RouteTarget,
  SandboxConstraints,
  Transform,
} from '@brane/decisions';
export {
  ApprovalError,
  ApprovalExpiredError,
  ApprovalRejectedError,
  ApprovalRequiredError,
  AuditError,
  BRANE_ERROR_CODES,
  BraneError,
  CapabilityDeniedError,
  ConfigurationError,
  PolicyEvaluationError,
  SandboxTimeoutError,
  SandboxViolationError,
} from '@brane/errors';
export type {
  ApprovalErrorCode,
  AuditErrorCode,
  BraneErrorCode,
  ConfigurationErrorCode,
  DecisionRecord,
  PolicyFailureCode,
} from '@brane/errors';
export { FileApprovalStore, InMemoryApprovalStore } from '@brane/approvals';
export {
  ConsoleAuditSink,
  DEFAULT_SECRET_PATTERNS,
  JsonlFileSink,
  MemoryAuditSink,
  OtelAuditSink,
  maskSecrets,
  queryAuditEvents,
  verifyAuditLog,
} from '@brane/audit';
export type { AuditEvent, AuditEventType, AuditSink, AuditSinkStats, AuditVerification } from '@brane/audit';
export type {
  ApprovalDecisionInput,
  ApprovalListFilter,
  ApprovalRecord,
  ApprovalState,
  ApprovalStatus,
  ApprovalStore,
} from '@brane/approvals';
export {
  CAPABILITY_TYPES,
  EFFECT_TYPES,
  ENVIRONMENTS,
  PolicyContext,
  RISK_LEVELS,
  grantsScope,
} from '@brane/policy-engine';
export type {
  ActionInfo,
  ApprovalView,
  ChangedPolicy,
  PolicyMode,
  ShadowDecision,
  ActionType,
  CapabilityInfo,
  CapabilityType,
  Effect,
  EffectType,
  Environment,
  Policy,
  PolicyContextInit,
  PolicyFunction,
  PolicyOptions,
  PolicyStage,
  PolicyTarget,
  RiskLevel,
} from '@brane/policy-engine';
