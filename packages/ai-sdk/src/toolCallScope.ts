import { AsyncLocalStorage } from 'node:async_hooks';
import type { ToolExecutionOptions } from 'ai';

/** A tool's own `execute`, as the governed capability calls it. */
export type ToolExecute = (input: unknown, options: ToolExecutionOptions) => unknown;

/**
 * The SDK tool call a governed capability is running for: which capability, the tool's own `execute` and
 * the SDK's execution options. A probe (`needsApproval` asking Brane to record an approval request) never
 * reaches the tool.
 */
export interface ToolCallScope {
  readonly capability: string;
  readonly execute: ToolExecute | undefined;
  readonly options: ToolExecutionOptions;
  readonly probe: boolean;
  /** The keys the tool's input schema names (see `inputKeysOf`); `undefined`: any key. */
  readonly keys: readonly string[] | undefined;
}

/** Carries the {@link ToolCallScope} from the governed `execute` into the capability's body, across awaits. */
export const toolCallScope = new AsyncLocalStorage<ToolCallScope>();

/** Thrown by a probe that reached the capability's body: the policies allowed the call after all. */
export class ProbeReachedTool extends Error {
  constructor(capability: string) {
    super(`\`${capability}\`: an approval probe reached the tool, which it never runs`);
    this.name = 'ProbeReachedTool';
  }
}
