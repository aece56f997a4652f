import { AsyncResource } from 'node:async_hooks';
import { Decision } from '@brane/decisions';
import {
  evaluatePolicies,
  type EvaluationOptions,
  type Evaluation,
  type LimitsView,
  type PolicyRegistry,
} from '@brane/policy-engine';
import type { Limit } from '@brane/decisions';
import { SandboxTimeoutError } from '@brane/errors';
import type { AfterStage } from '../AfterStage.js';
import type { AgentAction } from '../AgentAction.js';
import { settleQuietly, type ActionRecorder } from '../audit/ActionRecorder.js';
import { contextFor } from '../contextFor.js';
import { runAsAction } from '../currentAction.js';
import type { Invocation } from '../governors.js';
import type { DecisionSource } from '../limits/LimitGate.js';
import type { LimitHold } from '../limits/LimitHold.js';
import { plainExecution, type Execution } from '../prepareExecution.js';
import type { SessionRecorder, SessionStream } from '../SessionRecorder.js';
import { ChunkSource } from './ChunkSource.js';
import { StreamGuard } from './StreamGuard.js';
import { StreamWindow } from './StreamWindow.js';

/** One call of a streaming capability, as the runtime made it when called. */
export interface StreamCall {
  /** Created at the call: it carries the caller's identity (`withContext`) and its parent action. */
  readonly action: AgentAction;
  readonly invocation: Invocation;
  readonly receiver: unknown;
  readonly rec: ActionRecorder | undefined;
  /** The request's signal at the call (`withContext({ signal })`): when it aborts, the stream is cancelled. */
  readonly signal: AbortSignal | undefined;
  /**
   * The async context of the call (its `withContext` identity, and any other `AsyncLocalStorage` the caller
   * set): the body runs in it, not in that of whoever reads the stream.
   */
  readonly scope: AsyncResource;
}

/** What governing a stream needs from the runtime. */
export interface StreamGovernance {
  readonly policies: PolicyRegistry;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** How before-policies are evaluated: as for an async call. */
  readonly before: EvaluationOptions;
  readonly after: AfterStage;
  /** `ctx.limits`: what remains in the runtime's limit store. */
  readonly limits: LimitsView;
  /** Loads the action's session before its policies run, and records the stream in it when it ends. */
  readonly sessions: SessionRecorder;
  /** Reserves the limits the before-stage decision carries (all or none), or throws the deny. */
  reserve(
    action: AgentAction,
    before: DecisionSource,
    limits: readonly Limit[],
    rec?: ActionRecorder,
  ): Promise<LimitHold | undefined>;
  /** Enforces a before-stage decision other than a plain allow: how to execute, or the approval it needs. */
  prepare(action: AgentAction, before: Evaluation, invocation: Invocation, receiver: unknown): Execution | Decision;
  /** Requests an approval: throws `ApprovalRequiredError`, or waits for it and returns the resumed stream. */
  approve(call: StreamCall, decision: Decision): Promise<AsyncIterable<unknown>>;
}

const COMPLETED = Symbol('completed');

/**
 * The governed stream of one call: nothing runs until the consumer asks for the first chunk. Then the
 * before-policies decide; the body runs inside its action (every `next()` of its iterator runs in the
 * action's frame, so `currentAction()`, the sandbox and nested calls see it), under its time limit counted
 * over the whole stream; each chunk goes through the output effects and after-policies before it is
 * delivered, and a deny ends the stream without delivering that chunk. The action ends when the stream
 * does (done, failed, denied, or left by its consumer with `return()`), and its audit record is completed
 * then, with the body's iterator closed first.
 */
export async function* governStream(
  call: StreamCall,
  governance: StreamGovernance,
): AsyncGenerator<unknown, void, undefined> {
  const { action, invocation, receiver, rec } = call;
  let source: ChunkSource | undefined;
  let guard: StreamGuard | undefined;
  const window = new StreamWindow();
  let outcome: typeof COMPLETED | { readonly error: unknown } | undefined;
  let hold: LimitHold | undefined;
  /** Since when the stream has been waiting for its consumer to read the next chunk (epoch ms). */
  let awaitingConsumer: number | undefined;
  let session: SessionStream | undefined;
  try {
    rec?.begin(action);
    const plans = governance.policies.plans(action.capability.name);
    const mode = rec === undefined ? governance.before : rec.observing(governance.before);
    // In the caller's context too: what a policy (or a `keys` function) reads from it is the call's.
    const before = await call.scope.runInAsyncScope(async () => {
      await governance.sessions.attach(action);
      return evaluatePolicies(plans.before, contextFor(action, 'before', governance.metadata, governance.limits), mode);
    });
    rec?.enforced('before', before);
    const execution = before.allowed
      ? plainExecution(action, before, invocation, receiver)
      : governance.prepare(action, before, invocation, receiver);
    if (execution instanceof Decision) {
      const resumed = await governance.approve(call, execution);
      yield* resumed;
      outcome = COMPLETED;
      await rec?.succeeded();
      return;
    }
    if (execution.limits !== undefined) {
      hold = await governance.reserve(action, before, execution.limits, rec);
      // Read for as long as its consumer takes, a stream renews its slots' leases: until the consumer leaves it
      // unread (neither reading nor closing it) for a whole lease.
      hold?.renewWhileHeld(() => awaitingConsumer);
    }
    try {
      await rec?.commit(true);
    } catch (error) {
      await hold?.cancel(); // the body never runs: nothing it reserved is used
      hold = undefined;
      throw error;
    }
    action.addLabels(before.labels);
    session = governance.sessions.openStream(action);
    guard = new StreamGuard(action, execution.timeoutMs, call.signal);
    const { fn } = execution;
    source = await guard.race(
      inFrame(call, async () =>
        ChunkSource.open(await fn.apply(execution.receiver, execution.args as unknown[]), action.capability.name),
      ),
    );
    const opened = source;
    for (;;) {
      const step = await guard.race(inFrame(call, () => opened.next()));
      if (step.done) break;
      const chunk = await guard.race(
        governance.after.chunk(action, plans.after, step.value, execution.outputEffects, window.view(), rec),
      );
      window.add(chunk);
      session?.add(chunk);
      awaitingConsumer = Date.now();
      yield chunk;
      awaitingConsumer = undefined;
    }
    source = undefined;
    outcome = COMPLETED;
    await session?.end('succeeded');
    await rec?.succeeded();
  } catch (error) {
    outcome ??= { error };
    throw error;
  } finally {
    if (source !== undefined) await closeQuietly(call, source);
    guard?.dispose();
    call.scope.emitDestroy();
    // Concurrent slots are released however the stream ended; a stream that did not complete is a failure.
    if (hold !== undefined) settleQuietly(hold.end(outcome !== COMPLETED));
    // What a stream delivered reached its consumer, however the stream ended: its session holds the labels.
    if (session !== undefined && outcome !== COMPLETED) endQuietly(session, window.delivered > 0);
    if (rec !== undefined && outcome !== COMPLETED) settleQuietly(complete(rec, outcome, guard, window));
  }
}

/**
 * Records a stream that did not complete (succeeded if it delivered anything, else failed), without letting a
 * store failure replace its own end.
 */
function endQuietly(session: SessionStream, delivered: boolean): void {
  try {
    session.end(delivered ? 'succeeded' : 'failed')?.catch(() => undefined);
  } catch {
    // the stream already ended for the consumer; its own error (or its early return) is what it sees
  }
}

/**
 * Runs `body` in the call's async context, as its action: what it runs, now and after its awaits, sees the
 * action as current and the caller's identity.
 */
function inFrame<T>(call: StreamCall, body: () => Promise<T>): Promise<T> {
  return call.scope.runInAsyncScope(() => runAsAction(call.action, body, undefined, [])) as Promise<T>;
}

/** Stops the body (its `finally` blocks run in its frame); what it throws then is not the consumer's concern. */
async function closeQuietly(call: StreamCall, source: ChunkSource): Promise<void> {
  try {
    await inFrame(call, async () => {
      await source.close();
    });
  } catch {
    // The stream already ended for the consumer; a body that fails while closing changes nothing it sees.
  }
}

/** Completes the audit record of a stream that did not reach its end. */
function complete(
  rec: ActionRecorder,
  outcome: { readonly error: unknown } | undefined,
  guard: StreamGuard | undefined,
  window: StreamWindow,
): void | Promise<void> {
  const after = `after ${window.delivered} chunk${window.delivered === 1 ? '' : 's'}`;
  if (outcome === undefined) return rec.cancelled(`The consumer stopped reading the stream ${after}`);
  if (guard?.cancelled === true && !(outcome.error instanceof SandboxTimeoutError)) {
    return rec.cancelled(`The request was abandoned ${after}`);
  }
  return rec.failed(outcome.error);
}
