import type { Evaluation } from '@brane/policy-engine';
import type { AgentAction } from './AgentAction.js';
import { settleQuietly, type ActionRecorder } from './audit/ActionRecorder.js';
import { callAsAction, runAsAction } from './currentAction.js';
import { givesBack, type LimitGate } from './limits/LimitGate.js';
import type { LimitHold } from './limits/LimitHold.js';
import type { Execution } from './prepareExecution.js';
import { runSandboxed } from './runSandboxed.js';
import { runUntilAborted } from './runUntilAborted.js';
import type { SessionRecorder } from './SessionRecorder.js';

/**
 * Runs a governed call's body once its before stage allowed it: reserves the decision's limits (all or none),
 * writes the decision record under `durability: 'sync'`, labels the action, and runs the body as its action,
 * holding the limits until the body ends. A body that throws is recorded in its session as failed.
 */
export class BodyRunner {
  readonly #limits: LimitGate;
  readonly #sessions: SessionRecorder;

  constructor(limits: LimitGate, sessions: SessionRecorder) {
    this.#limits = limits;
    this.#sessions = sessions;
  }

  /**
   * For a synchronous call, not audited: whether its body runs as a plain allow's. So it does for a plain allow,
   * and for a before stage that only reserves limits (`Evaluation.reservesOnly`) that give nothing back when the
   * body ends: the stage is recorded on the action, and they are reserved. `false` for any other stage, which
   * {@link sync} runs.
   */
  runsPlain(action: AgentAction, before: Evaluation): boolean {
    if (before.allowed) return true;
    const limits = before.reservesOnly;
    if (limits === undefined || givesBack(limits)) return false;
    action.enforceBefore(before, before.shadow);
    this.#limits.consumeSync(action, before, limits); // no reservation: nothing to give back
    return true;
  }

  /**
   * Runs a synchronous call's body and returns what it returned. `signal`: the request's (`withContext`); a call that
   * holds limits and returns a promise is cancelled when it aborts, as an async one is (see `runSyncUntilAborted`).
   */
  sync(
    action: AgentAction,
    before: Evaluation,
    execution: Execution,
    rec?: ActionRecorder,
    signal?: AbortSignal,
  ): unknown {
    const hold =
      execution.limits === undefined ? undefined : this.#limits.reserveSync(action, before, execution.limits, rec);
    action.addLabels(before.labels);
    if (rec !== undefined) settleQuietly(rec.commit(false));
    // No closure: the build names every arrow function at run time, a cost on each call with limits.
    try {
      return hold === undefined
        ? callAsAction(action, execution.fn, execution.receiver, execution.args)
        : hold.runSync(action, execution.fn, execution.receiver, execution.args, signal);
    } catch (error) {
      if (action.sessionId !== undefined) this.#sessions.recordFailure(action);
      throw error;
    }
  }

  /**
   * Starts an async call's body, under its sandbox time limit, once its limits are reserved and its decision
   * record is written (`durability: 'sync'`). Gives what the body returned, not awaited (`pending`): at once when
   * nothing had to be waited for (no limits, no decision record to make durable), else as a promise. `signal`: the
   * request's (`withContext`); a call that holds limits is cancelled when it aborts (see {@link runUntilAborted}).
   */
  start(
    action: AgentAction,
    before: Evaluation,
    execution: Execution,
    rec?: ActionRecorder,
    signal?: AbortSignal,
  ): Started | Promise<Started> {
    if (execution.limits !== undefined) return this.#startReserved(action, before, execution, rec, signal);
    let committed: void | Promise<void>;
    try {
      committed = rec?.commit(true);
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- rejects with exactly what was thrown
      return Promise.reject(error);
    }
    if (committed === undefined) return this.#run(action, before, execution, undefined);
    return committed.then(() => this.#run(action, before, execution, undefined));
  }

  /** {@link start} for a call with limits: reserved first, released if the decision record cannot be written. */
  async #startReserved(
    action: AgentAction,
    before: Evaluation,
    execution: Execution,
    rec: ActionRecorder | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Started> {
    const hold = await this.#limits.reserveAsync(action, before, execution.limits ?? [], rec);
    try {
      await rec?.commit(true);
    } catch (error) {
      await hold?.cancel(); // the body never runs: nothing it reserved is used
      throw error;
    }
    return this.#run(action, before, execution, hold, signal);
  }

  /**
   * Runs the body, under its sandbox time limit. One that holds limits also runs until the request's `signal` aborts:
   * cancelled then, so that a caller gone away leaves no `concurrent` slot held by a body that never settles.
   */
  #run(
    action: AgentAction,
    before: Evaluation,
    execution: Execution,
    hold: LimitHold | undefined,
    signal?: AbortSignal,
  ): Started {
    action.addLabels(before.labels);
    const { fn, timeoutMs } = execution;
    const call = (): unknown => runAsAction(action, fn, execution.receiver, execution.args);
    const body =
      hold === undefined || signal === undefined ? call : (): unknown => runUntilAborted(action, signal, call);
    const run = timeoutMs === undefined ? body : (): unknown => runSandboxed(action, timeoutMs, body);
    return { pending: hold === undefined ? run() : hold.run(run) };
  }
}

/** An async body started: what it returned, not awaited. */
export interface Started {
  readonly pending: unknown;
}
