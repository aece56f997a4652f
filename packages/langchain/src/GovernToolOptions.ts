import type { CapabilityOptions } from '@brane/core';
import type { ThreadSessionId } from './threadSessionId.js';

/**
 * The capability options of a governed tool: every option of `runtime.capability` but `params` and `async`,
 * which the tool settles (its arguments are the keys of its input object, and it is async).
 */
export type ToolCapabilityOptions = Omit<CapabilityOptions, 'params' | 'async'>;

/**
 * How a deny or an approval request reaches the tool's caller: `message` (the default) answers the model
 * with a `ToolMessage` (status `error`) that says why the call did not run; `throw` rejects with Brane's error
 * (`CapabilityDeniedError`, `ApprovalRequiredError`, ...), for code that calls the tool itself.
 */
export type RefusalMode = 'message' | 'throw';

/** The capability name a tool is governed as when no name is given: `langchain.<tool name>`. */
export const DEFAULT_CAPABILITY_PREFIX = 'langchain.';

/** Options of {@link governTool}. All optional. */
export interface GovernToolOptions {
  /** The capability's `risk`, `effect`, `scopes`, ...; its `name` defaults to `prefix` + the tool's name. */
  readonly capability?: ToolCapabilityOptions | undefined;
  /** Prefix of the capability name. Default `langchain.`. */
  readonly prefix?: string | undefined;
  /** How a deny or an approval request reaches the caller. Default `message`. */
  readonly refusals?: RefusalMode | undefined;
  /**
   * The Brane session (`ctx.session`, value taint) a call belongs to, or `undefined` for none. Default
   * {@link defaultThreadSessionId}: the LangGraph `configurable.thread_id`. An enclosing `runtime.withContext`
   * naming a `sessionId` wins over both.
   */
  readonly sessionId?: ThreadSessionId | undefined;
}

/** Options of {@link governTools}. All optional. */
export interface GovernToolsOptions {
  /** Capability options per tool name; every name must be one of the tools. */
  readonly capabilities?: Readonly<Record<string, ToolCapabilityOptions>> | undefined;
  /** Prefix of the capability names. Default `langchain.`. */
  readonly prefix?: string | undefined;
  /** How a deny or an approval request reaches the caller. Default `message`. */
  readonly refusals?: RefusalMode | undefined;
  /**
   * The Brane session (`ctx.session`, value taint) a call belongs to, or `undefined` for none. Default
   * {@link defaultThreadSessionId}: the LangGraph `configurable.thread_id`. An enclosing `runtime.withContext`
   * naming a `sessionId` wins over both.
   */
  readonly sessionId?: ThreadSessionId | undefined;
}
