export { AUDIT_EVENT_TYPES } from './AuditEvent.js';
export { ACTION_RECORD_VERSION, CALLER_CONTEXT, isActionRecord } from './ActionRecord.js';
export type { ActionRecord, ApprovalLink, EnforcedDecision, PolicyOutcome } from './ActionRecord.js';
export type {
  ActionCompletedEvent,
  ActionCreatedEvent,
  ActionExecutedEvent,
  ApprovalEvent,
  AuditDecision,
  AuditLimitReservation,
  AuditEvent,
  AuditEventBase,
  AuditEventType,
  AuditStage,
  DecisionEnforcedEvent,
  PolicyEvaluatedEvent,
} from './AuditEvent.js';
export { GENESIS_HASH } from './AuditRecord.js';
export type { AuditHead, AuditRecord } from './AuditRecord.js';
export type { AuditSink } from './AuditSink.js';
export { AuditDispatcher } from './AuditDispatcher.js';
export type {
  AuditDispatcherOptions,
  AuditEmitOptions,
  AuditFlushOptions,
  AuditOverflow,
  AuditRetryOptions,
} from './AuditDispatcher.js';
export type { AuditSinkStats } from './AuditSinkStats.js';
export { ConsoleAuditSink } from './ConsoleAuditSink.js';
export type { ConsoleAuditSinkOptions, ConsoleAuditStream } from './ConsoleAuditSink.js';
export { MemoryAuditSink } from './MemoryAuditSink.js';
export type { MemoryAuditSinkOptions } from './MemoryAuditSink.js';
export { OtelAuditSink } from './OtelAuditSink.js';
export type { OtelAuditSinkOptions } from './OtelAuditSink.js';
export { findSensitiveValues } from './findSensitiveValues.js';
export { maskSecrets, maskString, MIN_SECRET_VALUE_LENGTH } from './maskSecrets.js';
export type { MaskSecretsOptions } from './maskSecrets.js';
export { DEFAULT_SECRET_PATTERNS, DEFAULT_SENSITIVE_KEYS, REDACTED } from './secretPatterns.js';
export { JsonlFileSink } from './JsonlFileSink.js';
export type { JsonlFileSinkOptions } from './JsonlFileSinkOptions.js';
export { canonicalEventJson, hashRecord } from './hashRecord.js';
export { chainHash } from './chainHash.js';
export {
  COMPACT_LINE_VERSION,
  compactBody,
  compactHash,
  compactLine,
  isCompactLine,
  parseCompactLine,
} from './record/compactLine.js';
export type { CompactRecord } from './record/compactLine.js';

export { verifyAuditDirectory, verifyAuditLog } from './verifyAuditLog.js';
export type { AuditProblem, AuditProblemKind, AuditVerification } from './verifyAuditLog.js';
export { queryAuditEvents, readAuditRecords, streamAuditEvents, tailAuditEvents } from './readAuditLog.js';
export type { AuditReadFailureKind } from './read/AuditReadFailureKind.js';
export type { NonRegularFileKind } from './read/NonRegularFileKind.js';
export { MAX_AUDIT_LINE_BYTES } from './read/maxAuditLineBytes.js';
export { auditStats } from './auditStats.js';
export type { AuditStats } from './auditStats.js';
export type { AuditEventFilter, AuditQuery } from './read/AuditEventFilter.js';
