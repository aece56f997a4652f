/** How the execution of a claimed approval ended. */
export interface ApprovalCompletion {
  readonly outcome: 'succeeded' | 'failed' | 'denied';
  /** What went wrong; stored bounded (`boundText`). */
  readonly error?: string | undefined;
}

/** Why an approval is withdrawn. */
export interface WithdrawalInput {
  /** Stored bounded (`boundText`). */
  readonly reason: string;
}
