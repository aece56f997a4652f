import { BraneError, type BraneErrorOptions } from './BraneError.js';
import type { AuditErrorCode } from './BraneErrorCode.js';

/**
 * The audit trail could not take the record of an action, and the runtime is configured not to run actions
 * it cannot record: the buffer is full under `overflow: 'fail-closed'`, or a `durability: 'sync'` write
 * failed. The capability did not run. Or (`AUDIT_READ_FAILED`) the audit trail could not be read.
 */
export class AuditError extends BraneError {
  declare readonly code: AuditErrorCode;
  /** The sink concerned. */
  readonly sink: string;

  constructor(code: AuditErrorCode, sink: string, message: string, options: BraneErrorOptions = {}) {
    super(code, message, { ...options, details: { sink, ...options.details } });
    this.sink = sink;
  }
}
