import type { Runtime } from '@brane/core';
import { isPlainObject } from '@brane/decisions';

/** What the SDK tells a tool call about the generation it is part of. */
export interface ToolSessionSource {
  readonly toolCallId: string;
  /** The generation's `experimental_context`, as given to `generateText` / `streamText`. */
  readonly experimental_context?: unknown;
}

/**
 * The session of a tool call by default: the `sessionId` of the generation's `experimental_context`, when it is
 * a non-empty string. The SDK has no run or conversation id of its own; the context is where an app passes one
 * (`generateText({ ..., experimental_context: { sessionId: chatId } })`).
 */
export function defaultToolSessionId(source: ToolSessionSource): string | undefined {
  const context = source.experimental_context;
  if (!isPlainObject(context)) return undefined;
  const id = (context as { sessionId?: unknown }).sessionId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Runs `fn` in session `sessionId`, unless the call already runs in one (an enclosing `runtime.withContext`
 * naming a `sessionId` wins) or there is none.
 */
export function inToolSession<T>(runtime: Runtime, sessionId: string | undefined, fn: () => T): T {
  if (sessionId === undefined || runtime.identity.sessionId !== undefined) return fn();
  return runtime.withContext({ sessionId }, fn);
}
