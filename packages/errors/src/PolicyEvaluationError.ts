import { BraneError, type BraneErrorOptions } from './BraneError.js';
import type { PolicyFailureCode } from './BraneErrorCode.js';

/** Where a failing policy came from. */
export interface PolicyEvaluationErrorOptions extends BraneErrorOptions {
  readonly policyName: string;
  readonly policyVersion?: string | undefined;
}

/**
 * A policy failed: it threw, rejected, timed out, or returned something that is not a Decision. Brane never
 * lets this through as an allow: the action is denied and this error is the denial's `cause`.
 */
export class PolicyEvaluationError extends BraneError {
  declare readonly code: PolicyFailureCode;
  /** The policy that failed. */
  readonly policyName: string;
  /** Its version, when it declared one. */
  readonly policyVersion: string | undefined;

  constructor(code: PolicyFailureCode, message: string, options: PolicyEvaluationErrorOptions) {
    super(code, message, {
      ...options,
      details: { policyName: options.policyName, policyVersion: options.policyVersion, ...options.details },
    });
    this.policyName = options.policyName;
    this.policyVersion = options.policyVersion;
  }
}
