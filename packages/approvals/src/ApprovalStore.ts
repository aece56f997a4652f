import type { ApprovalQuery } from './ApprovalQuery.js';
import type { ApprovalRecord } from './ApprovalRecord.js';

/**
 * Where approval records live. Implement it to keep approvals in your own database: the
 * {@link ApprovalService} holds all the logic, so a store only keeps records as data. A store never trusts a
 * record (the service verifies each record's seal, and checks again that what `list` returned matches), reads
 * only the fields `list` filters on, and returns copies: mutating a returned record must not change what is
 * stored.
 *
 * Every method validates ids with {@link assertApprovalId}. Failures of the storage itself reject with an
 * `ApprovalError` coded `APPROVAL_STORE_FAILED`. Check your store with `describeApprovalStoreContract` from
 * `@brane/approvals/testing`.
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
  /**
   * The records matching `query` (see {@link ApprovalQuery}; {@link parseApprovalQuery} validates it), by id,
   * ascending; with no query, every record. Filter where the records are (an index, a `WHERE` clause) so that a
   * page of a large store costs about the same as a page of a small one.
   */
  list(query?: ApprovalQuery): Promise<ApprovalRecord[]>;
  /**
   * Atomically replaces the record `next.id` if the stored record's seal is `expectedSeal`; resolves whether it
   * did (`false` too when there is no such record). This compare-and-set is the only concurrency primitive Brane
   * needs; in SQL: `UPDATE ... WHERE id = ? AND seal = ?`.
   */
  update(next: ApprovalRecord, expectedSeal: string): Promise<boolean>;
  /**
   * Optional: the compare-and-set of {@link update} on the whole record. Atomically replaces the record `next.id`
   * only if the stored record is exactly `expected` (its seal and every field: the JSON a store keeps for it);
   * resolves whether it did. With it, the service skips the read before a transition on a record it wrote itself
   * (one statement per step instead of two); anything else (a record changed since, or altered in the store)
   * leaves the record alone, and the service then reads and verifies it as usual. In SQL:
   * `UPDATE ... WHERE id = ? AND seal = ? AND body = ?`.
   */
  replace?(next: ApprovalRecord, expected: ApprovalRecord): Promise<boolean>;
  /**
   * Releases what the store opened itself (a connection pool it made from a connection string), never what it
   * was given. `runtime.close()` calls it. Optional.
   */
  close?(): Promise<void>;
}
