import { Decision } from '@brane/decisions';
import { ConfigurationError } from '@brane/errors';
import { isThenable, type SessionEntry } from '@brane/policy-engine';
import {
  Fingerprinter,
  InMemorySessionStore,
  SessionHistory,
  type SessionState,
  type SessionStore,
} from '@brane/sessions';
import type { AgentAction } from './AgentAction.js';
import type { CapabilityDefinition } from './CapabilityDefinition.js';
import { deniedBy } from './denials.js';
import type { SessionOptions } from './SessionOptions.js';

const UNREADABLE = 'The session store could not be read, so the session policies cannot be evaluated (fail closed)';
const UNWRITABLE =
  'The session store could not record this action, so its labels would be lost: the output is withheld (fail closed)';

const NONE: readonly never[] = Object.freeze([]);

/** A store that could not record `action`: its output is withheld (fail closed). */
function unwritable(action: AgentAction, error: unknown): never {
  throw deniedBy(Decision.deny(UNWRITABLE), action, 'after', error);
}

/** The session side of one streaming action (see {@link SessionRecorder.openStream}). */
export interface SessionStream {
  /** Fingerprints a chunk delivered to the consumer. */
  add(chunk: unknown): void;
  /** Records the action with what the stream delivered; a promise for an asynchronous store. */
  end(outcome: SessionEntry['outcome']): Promise<void> | undefined;
}

/**
 * The runtime's side of sessions: loads an action's session before its policies run (`ctx.session`), and records
 * the action once it has run, with its labels and, for a labelled output, the fingerprints of its values. A
 * store that cannot be read or written denies (fail closed).
 */
export class SessionRecorder {
  readonly #store: SessionStore;
  readonly #fingerprinter: Fingerprinter;
  /** What a history over the in-memory store needs besides the state: the same for every call. */
  readonly #historyOptions: { readonly countWindowMs: number };

  constructor(options: SessionOptions = {}) {
    if (options.store !== undefined && !options.store.synchronous && options.secret === undefined) {
      throw new ConfigurationError(
        'INVALID_OPTIONS',
        'new Runtime: `sessions.secret` is required with a session store shared by several processes: each must derive the same fingerprint keys',
      );
    }
    this.#store = options.store ?? new InMemorySessionStore();
    this.#fingerprinter = new Fingerprinter({ secret: options.secret, minTokenLength: options.minTokenLength });
    this.#historyOptions = { countWindowMs: this.#store.limits.countWindowMs };
  }

  /** Refuses a synchronous capability over a store that cannot answer synchronously. */
  check(definition: CapabilityDefinition, where: string): void {
    if (this.#store.synchronous || definition.async) return;
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      `${where}: synchronous capability \`${definition.name}\` cannot belong to sessions kept in a store that answers asynchronously (\`sessions.store\`); make it async`,
    );
  }

  /**
   * Loads the session of `action` (when it has one) and attaches what its policies read. Synchronous for a
   * synchronous store; otherwise a promise. A store that fails denies the action.
   */
  attach(action: AgentAction): Promise<void> | undefined {
    const sessionId = action.sessionId;
    if (sessionId === undefined) return undefined;
    const store = this.#store;
    if (store.synchronous) {
      let state: ReturnType<SessionStore['load']>;
      try {
        state = store.load(sessionId);
      } catch (error) {
        throw deniedBy(Decision.deny(UNREADABLE), action, 'before', error);
      }
      if (isThenable(state)) throw deniedBy(Decision.deny(UNREADABLE), action, 'before');
      action.attachSession(new SessionHistory(sessionId, state, this.#fingerprinter, this.#historyOptions));
      return undefined;
    }
    // A remote store returns only the fingerprints asked for: those of the call's arguments. Any other (a value a
    // transform put in the arguments) is unknown to the history, which then fails closed.
    let looked: ReadonlySet<string> = new Set();
    return Promise.resolve()
      .then(() => {
        looked = this.#fingerprinter.probe(sessionId, action.args).fingerprints;
        return store.load(sessionId, looked);
      })
      .then(
        (state: SessionState | undefined) => {
          const options = { looked, countWindowMs: store.limits.countWindowMs };
          action.attachSession(new SessionHistory(sessionId, state, this.#fingerprinter, options));
        },
        (error: unknown) => {
          throw deniedBy(Decision.deny(UNREADABLE), action, 'before', error);
        },
      );
  }

  /**
   * Records that `action` ran: `succeeded` with `output` reaching the caller (its labels now held by the session,
   * and by every enclosing action), or `failed`. Returns a promise for an asynchronous store; a store that fails
   * denies (the output is withheld).
   */
  record(action: AgentAction, outcome: SessionEntry['outcome'], output?: unknown): Promise<void> | undefined {
    const sessionId = action.sessionId;
    if (sessionId === undefined) return undefined;
    return this.#append(action, sessionId, outcome, output, undefined);
  }

  /**
   * The session side of a streaming action: each delivered chunk is fingerprinted as it goes (only fingerprints are
   * kept, never the chunks), and the action is recorded once, when the stream ends. `undefined` outside a session.
   */
  openStream(action: AgentAction): SessionStream | undefined {
    const sessionId = action.sessionId;
    if (sessionId === undefined) return undefined;
    const fingerprints = new Set<string>();
    return {
      add: (chunk) => {
        for (const fingerprint of this.#fingerprinter.fingerprintOutput(sessionId, chunk))
          fingerprints.add(fingerprint);
      },
      end: (outcome) => this.#append(action, sessionId, outcome, undefined, fingerprints),
    };
  }

  /**
   * Appends the action's entry, with the fingerprints of `output` (or those a stream collected) when it carried
   * labels. No closure is made per call: on the hot path of every call in a session.
   */
  #append(
    action: AgentAction,
    sessionId: string,
    outcome: SessionEntry['outcome'],
    output: unknown,
    streamed: ReadonlySet<string> | undefined,
  ): Promise<void> | undefined {
    const { capability } = action;
    if (outcome === 'succeeded') action.addLabels(capability.produces);
    const labels = outcome === 'succeeded' ? action.labels : NONE;
    const entry: SessionEntry = {
      capability: capability.name,
      type: capability.type,
      risk: capability.risk,
      effect: capability.effect?.type,
      external: capability.effect?.external ?? false,
      labels,
      outcome,
      at: Date.now(),
    };
    const fingerprints =
      labels.length === 0
        ? NONE
        : streamed !== undefined
          ? [...streamed]
          : this.#fingerprinter.fingerprintOutput(sessionId, output);
    let appended: void | Promise<void>;
    try {
      appended = this.#store.append(sessionId, { entry, fingerprints });
    } catch (error) {
      return unwritable(action, error);
    }
    return isThenable(appended)
      ? Promise.resolve(appended).then(undefined, (error: unknown) => unwritable(action, error))
      : undefined;
  }

  /** Records a failed action without letting a store failure replace the error the caller gets. */
  recordFailure(action: AgentAction): void {
    try {
      this.record(action, 'failed')?.catch(() => undefined);
    } catch {
      // the action already failed; its own error is what the caller must see
    }
  }

  /** Closes the store (which releases only what it opened itself). */
  async close(): Promise<void> {
    await this.#store.close?.();
  }
}
