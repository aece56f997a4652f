import type { ApprovalRecord } from './ApprovalRecord.js';

/**
 * Where approval records live. Implement it to keep approvals in your own database: the
 * {@link ApprovalService} holds all the logic, so a store only keeps records as data. A store never trusts or
 * interprets a record (the service verifies each record's seal), and returns copies: mutating a returned record
 * must not change what is stored.
 *
 * Every method validates ids with {@link assertApprovalId}. Failures of the storage itself reject with an
 * `ApprovalError` coded `APPROVAL_STORE_FAILED`.
 *
 * @example
 * // On a SQL table approvals(id PRIMARY KEY, seal, body):
 * // create: INSERT INTO approvals (id, seal, body) VALUES (?, ?, ?)        -- a duplicate id fails
 * // update: UPDATE approvals SET seal = ?, body = ? WHERE id = ? AND seal = ? -- resolves rowCount === 1
 */
export interface ApprovalStore {
  /** Stores a new record. Rejects (`ApprovalError` `APPROVAL_STORE_FAILED`) if one with that id exists. */
  create(record: ApprovalRecord): Promise<void>;
  /** The record with this id, or `undefined` when there is none. */
  get(id: string): Promise<ApprovalRecord | undefined>;
  /** Every record, in no particular order. */
  list(): Promise<ApprovalRecord[]>;
  /**
   * Atomically replaces the record `next.id` if the stored record's seal is `expectedSeal`; resolves whether it
   * did (`false` too when there is no such record). This compare-and-set is the only concurrency primitive Brane
   * needs; in SQL: `UPDATE ... WHERE id = ? AND seal = ?`.
   */
  update(next: ApprovalRecord, expectedSeal: string): Promise<boolean>;
}
