import type { CapabilityOptions } from '@brane/core';
import type { BraneError } from '@brane/errors';

/**
 * The capability a governed tool is, as policies see it: `risk`, `effect`, `scopes`, `sideEffects`,
 * `owner` and the rest of {@link CapabilityOptions}. Its `name` defaults to `openai.<tool name>`; the
 * argument names come from the tool's schema, and every governed tool is async.
 */
export type ToolCapabilityOptions = Omit<CapabilityOptions, 'params' | 'async' | 'routing'>;

/** How a tool is governed. All optional. */
export interface GovernOptions {
  /** The capability the tool is; see {@link ToolCapabilityOptions}. */
  readonly capability?: ToolCapabilityOptions | undefined;
  /**
   * The output the model gets when Brane refuses a call (a deny, a pending, rejected or expired approval).
   * Default {@link refusalMessage}.
   */
  readonly refusalMessage?: ((error: BraneError) => string) | undefined;
}
