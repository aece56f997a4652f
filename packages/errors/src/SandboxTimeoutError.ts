import { BraneError } from './BraneError.js';

/** What a {@link SandboxTimeoutError} is built from. */
export interface SandboxTimeoutErrorInit {
  readonly capability: string;
  readonly actionId: string;
  /** The sandbox's time limit. */
  readonly timeoutMs: number;
}

/**
 * A sandboxed capability ran past its time limit. Its `AbortSignal` was aborted with this error and the call
 * was rejected with it; whatever the body returns later is discarded.
 */
export class SandboxTimeoutError extends BraneError {
  declare readonly code: 'SANDBOX_TIMEOUT';
  readonly capability: string;
  readonly actionId: string;
  readonly timeoutMs: number;

  constructor(init: SandboxTimeoutErrorInit) {
    super(
      'SANDBOX_TIMEOUT',
      `Capability \`${init.capability}\` exceeded its sandbox time limit of ${init.timeoutMs} ms`,
      {
        details: { ...init },
      },
    );
    this.capability = init.capability;
    this.actionId = init.actionId;
    this.timeoutMs = init.timeoutMs;
  }
}
