import { getCurrentTrace, type RunContext } from '@openai/agents';

/**
 * The session of a tool call by default: the run's trace `groupId` (the conversation or thread id an app sets
 * with `Runner.run(agent, input, { groupId })`, linking the runs of one conversation), else the run's own
 * `traceId` (one run, one session). `undefined` when there is no trace (tracing disabled): the call then runs
 * outside sessions.
 */
export function defaultRunSessionId(): string | undefined {
  const trace = getCurrentTrace();
  if (trace === null) return undefined;
  if (typeof trace.groupId === 'string' && trace.groupId !== '') return trace.groupId;
  // A disabled trace (`NoopTrace`) has the shared id `no-op`: it names no run.
  return typeof trace.traceId === 'string' && trace.traceId.startsWith('trace_') ? trace.traceId : undefined;
}

/** What the Brane session of a tool call is read from: the run context (your `context` is `runContext.context`). */
export type RunSessionId = (runContext: RunContext | undefined) => string | undefined;
