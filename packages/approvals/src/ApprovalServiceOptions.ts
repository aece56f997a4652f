import type { ApprovalStore } from './ApprovalStore.js';

/** Options of an {@link ApprovalService}. */
export interface ApprovalServiceOptions {
  /** Where records live: a `FileApprovalStore`, an `InMemoryApprovalStore` or your own. */
  readonly store: ApprovalStore;
  /** The key that seals records: at least 32 bytes (see `loadOrCreateSecret`). */
  readonly secret: string | Uint8Array;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
  /** How often {@link ApprovalService.waitForDecision} reads the record. Default 250 ms. */
  readonly pollIntervalMs?: number | undefined;
}

/** Options of {@link ApprovalService.waitForDecision}. */
export interface WaitForDecisionOptions {
  /** Stops waiting: the promise rejects with `signal.reason`. */
  readonly signal?: AbortSignal | undefined;
}

/** Options of {@link ApprovalService.claim}. */
export interface ClaimOptions {
  /**
   * The signal of the call that will execute: once it has aborted, the claim is refused (it rejects with
   * `signal.reason`). It is read at the compare-and-set, so a call abandoned before its claim is stored never runs.
   */
  readonly signal?: AbortSignal | undefined;
}
