import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { toolErrorResult } from './toolErrorResult.js';

interface Frame {
  readonly scope: ToolCallScope<unknown>;
  readonly request: unknown;
  /** The frame of the call (of any scope) this one runs inside: a client call made by a server tool. */
  readonly outer: Frame | undefined;
}

/**
 * The MCP calls running now, for every scope of the process. One storage, not one per scope: Node propagates
 * each enabled `AsyncLocalStorage` into every promise, timer and callback of the process, so each storage made
 * every await a little slower, for good.
 */
const frames = new AsyncLocalStorage<Frame>();

/**
 * Carries an MCP tool call's request (the SDK's `extra`, or the client's call options) into the governed
 * capability, whose only argument is the tool's input, and maps what comes back to an MCP result.
 */
export class ToolCallScope<R> {
  /** The request of the MCP call running now; `undefined` when `runtime.resume` runs an approved call. */
  get request(): R | undefined {
    return this.#frame()?.request as R | undefined;
  }

  /**
   * Runs `governed` (the governed capability call) for `request`; returns its result, or the tool error
   * result a Brane error maps to. Other errors are rethrown.
   */
  async call(request: R, governed: () => unknown): Promise<CallToolResult> {
    const frame: Frame = { scope: this, request, outer: frames.getStore() };
    try {
      return (await frames.run(frame, governed)) as CallToolResult;
    } catch (error) {
      return toolErrorResult(error);
    }
  }

  /** This scope's innermost call running now. */
  #frame(): Frame | undefined {
    for (let frame = frames.getStore(); frame !== undefined; frame = frame.outer)
      if (frame.scope === this) return frame;
    return undefined;
  }
}
