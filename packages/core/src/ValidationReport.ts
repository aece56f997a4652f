/** One problem `runtime.validate()` found. */
export interface ValidationProblem {
  /** `UNKNOWN_TARGET`: a policy targets a capability that no governed class or function declares. */
  readonly code: 'UNKNOWN_TARGET';
  readonly policy: string;
  readonly target: string;
  readonly message: string;
}

/** What `runtime.validate()` returns. */
export interface ValidationReport {
  /** `true` when there are no problems. */
  readonly ok: boolean;
  readonly problems: readonly ValidationProblem[];
}
