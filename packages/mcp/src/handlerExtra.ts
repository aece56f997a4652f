import type { AgentAction } from '@brane/core';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';

/** The second argument the SDK passes a tool handler: the request's signal, session, auth info, ... */
export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * The `extra` a governed tool handler gets. For a live call: the SDK's, with a signal that also aborts when a
 * `sandbox` decision's time limit runs out. For a call `runtime.resume` runs after its approval, there is no
 * client request any more: a signal of the action's own, the action id as request id, notifications dropped,
 * and requests to the client refused.
 */
export function handlerExtra(live: ToolExtra | undefined, action: AgentAction | undefined): ToolExtra {
  const sandbox = action?.signal;
  if (live !== undefined) {
    return sandbox === undefined ? live : { ...live, signal: AbortSignal.any([live.signal, sandbox]) };
  }
  return {
    signal: sandbox ?? new AbortController().signal,
    requestId: action?.actionId ?? '',
    sendNotification: () => Promise.resolve(),
    sendRequest: () =>
      Promise.reject(new Error('This tool call was resumed after its approval: no MCP client is waiting for it')),
  };
}
