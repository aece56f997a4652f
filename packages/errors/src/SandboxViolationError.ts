import { BraneError } from './BraneError.js';

/** What a {@link SandboxViolationError} is built from. */
export interface SandboxViolationErrorInit {
  /** The sandboxed capability. */
  readonly capability: string;
  /** Which limit was hit. */
  readonly kind: 'network' | 'filesystem';
  /** The host or path that is outside the sandbox. */
  readonly target: string;
  /** What the sandbox allows. */
  readonly allowed: readonly string[];
}

/** A sandboxed capability tried to reach a host or path outside its sandbox; the attempt was blocked. */
export class SandboxViolationError extends BraneError {
  declare readonly code: 'SANDBOX_VIOLATION';
  readonly capability: string;
  readonly kind: 'network' | 'filesystem';
  readonly target: string;
  readonly allowed: readonly string[];

  constructor(init: SandboxViolationErrorInit) {
    const what = init.kind === 'network' ? 'host' : 'path';
    const allowed = init.allowed.length === 0 ? `no ${what}s` : init.allowed.join(', ');
    super(
      'SANDBOX_VIOLATION',
      `Capability \`${init.capability}\` may not reach ${what} \`${init.target}\`: its sandbox allows ${allowed}`,
      { details: { ...init } },
    );
    this.capability = init.capability;
    this.kind = init.kind;
    this.target = init.target;
    this.allowed = init.allowed;
  }
}
