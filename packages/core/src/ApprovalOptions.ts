import type { ApprovalStore } from '@brane/approvals';
import { option } from '@brane/policy-engine';

/** How a runtime keeps and waits for approvals. All optional. */
export interface ApprovalOptions {
  /**
   * Where approval records live. Default: a `FileApprovalStore` under `.brane/approvals`, which survives
   * a restart and is shared by every process that opens the same directory.
   */
  readonly store?: ApprovalStore | undefined;
  /**
   * The key that seals records (at least 32 bytes), so that a record changed in the store is detected.
   * Default: `BRANE_APPROVAL_SECRET`, else a key file next to the file store, else (in-memory store) a key
   * made for this process. Required for a store of your own: every process that resumes needs the same key.
   */
  readonly secret?: string | Uint8Array | undefined;
  /**
   * `true`: an async capability that needs approval waits in-process until a human decides or the request
   * expires. Default `false`: the call throws `ApprovalRequiredError` and `runtime.resume` runs it later.
   */
  readonly wait?: boolean | undefined;
  /** How often a waiting call reads the record. Default 250 ms. */
  readonly pollIntervalMs?: number | undefined;
}

/** Validates {@link ApprovalOptions}. */
export const approvalOptionsSchema = option.strictObject({
  store: option
    .custom<ApprovalStore>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        ['create', 'get', 'list', 'update'].every(
          (method) => typeof (value as Record<string, unknown>)[method] === 'function',
        ),
      'must implement ApprovalStore (create, get, list, update)',
    )
    .optional(),
  secret: option.union([option.string(), option.instanceOf(Uint8Array)]).optional(),
  wait: option.boolean().optional(),
  pollIntervalMs: option.number().int().positive().max(3_600_000).optional(),
});
