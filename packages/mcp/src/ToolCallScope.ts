import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { syncTextMirrors } from './syncTextMirrors.js';
import { toolErrorResult } from './toolErrorResult.js';

interface Frame<R> {
  readonly request: R;
  /** What the tool returned, before the after-policies. */
  raw: unknown;
}

/**
 * Carries an MCP tool call's request (the SDK's `extra`, or the client's call options) into the governed
 * capability, whose only argument is the tool's input, and maps what comes back to an MCP result.
 */
export class ToolCallScope<R> {
  readonly #frames = new AsyncLocalStorage<Frame<R>>();

  /** The request of the MCP call running now; `undefined` when `runtime.resume` runs an approved call. */
  get request(): R | undefined {
    return this.#frames.getStore()?.request;
  }

  /** Records what the tool returned, so that its text copy of structured content can follow the policies. */
  record(raw: unknown): void {
    const frame = this.#frames.getStore();
    if (frame !== undefined) frame.raw = raw;
  }

  /**
   * Runs `governed` (the governed capability call) for `request`; returns its result, or the tool error
   * result a Brane error maps to. Other errors are rethrown.
   */
  async call(request: R, governed: () => unknown): Promise<CallToolResult> {
    const frame: Frame<R> = { request, raw: undefined };
    try {
      const output = await this.#frames.run(frame, governed);
      return syncTextMirrors(frame.raw, output) as CallToolResult;
    } catch (error) {
      return toolErrorResult(error);
    }
  }
}
