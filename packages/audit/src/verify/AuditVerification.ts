/**
 * What is wrong with a log: a line that is not a record (`malformed`), a record whose content or hash changed
 * (`edited`), records missing from the chain (`removed`), records out of order or repeated (`reordered`), records
 * cut off the end (`truncated`), or a head file missing or garbled, so that a cut cannot be detected (`head`). A head
 * file that exists but cannot be read is not a problem of the log: the verifiers throw `AUDIT_READ_FAILED`.
 */
export type AuditProblemKind = 'malformed' | 'edited' | 'removed' | 'reordered' | 'truncated' | 'head';

/** One problem found by {@link verifyAuditLog}. */
export interface AuditProblem {
  /** The line of the log (1-based); 0 for a problem of the head file. */
  readonly line: number;
  readonly kind: AuditProblemKind;
  readonly message: string;
}

/** The result of {@link verifyAuditLog}. */
export interface AuditVerification {
  readonly file: string;
  /** `true` when the log is whole and unaltered: no problems. */
  readonly ok: boolean;
  /** Lines that are well-formed records. */
  readonly records: number;
  /** The `seq` of the last record of the chain; 0 for an empty log. */
  readonly lastSeq: number;
  /** In line order. */
  readonly problems: readonly AuditProblem[];
}

/** A log's verification and where its chain ends, for a sink that continues it (not public API). */
export interface AuditLogState {
  readonly verification: AuditVerification;
  readonly lastHash: string;
  /** The `seq` in the head file: may be behind `lastSeq` after a crash between a write and its head update. */
  readonly headSeq: number;
}
