import { SandboxTimeoutError } from '@brane/errors';
import type { AgentAction } from '../AgentAction.js';

/**
 * The limits of one stream's execution: its sandbox time limit, counted over the whole stream, and the
 * signals that end it early (the request's, from `withContext`, and an enclosing action's). It gives the
 * body `action.signal`, aborted when any of them fires or when the stream ends for any reason (the
 * consumer stopped reading, a deny), so that work the body started stops with it.
 */
export class StreamGuard {
  readonly #controller = new AbortController();
  readonly #stopped: Promise<never>;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #cleanup: (() => void)[] = [];
  /** Whether the request's signal ended the stream: the caller went away, so the stream was cancelled. */
  #cancelled = false;

  constructor(action: AgentAction, timeoutMs: number | undefined, request: AbortSignal | undefined) {
    const inherited = action.signal;
    action.enforce({ signal: this.#controller.signal });
    this.#stopped = new Promise<never>((_, reject) => {
      this.#controller.signal.addEventListener('abort', () => {
        reject(this.#controller.signal.reason as Error);
      });
    });
    this.#stopped.catch(() => undefined);
    if (timeoutMs !== undefined) {
      this.#timer = setTimeout(() => {
        const error = new SandboxTimeoutError({
          capability: action.capability.name,
          actionId: action.actionId,
          timeoutMs,
        });
        this.#controller.abort(error);
      }, timeoutMs);
    }
    this.#follow(inherited, false);
    this.#follow(request, true);
  }

  /** The body's signal. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the request's signal ended the stream (the caller abandoned it) rather than a limit or an error. */
  get cancelled(): boolean {
    return this.#cancelled;
  }

  /**
   * `pending`, or the reason the stream was stopped, whichever comes first. Brane cannot stop JavaScript
   * that ignores its signal, but it never waits for it or delivers what it yields afterwards.
   */
  race<T>(pending: Promise<T>): Promise<T> {
    if (this.#controller.signal.aborted) {
      pending.catch(() => undefined);
      return this.#stopped;
    }
    return Promise.race([pending, this.#stopped]);
  }

  /** Ends the guard: clears the timer, stops following the signals, and aborts the body's signal. */
  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    for (const stop of this.#cleanup) stop();
    if (!this.#controller.signal.aborted) this.#controller.abort(new StreamEndedError());
  }

  #follow(signal: AbortSignal | undefined, request: boolean): void {
    if (signal === undefined) return;
    const abort = (): void => {
      if (this.#controller.signal.aborted) return;
      this.#cancelled = request;
      this.#controller.abort(signal.reason);
    };
    if (signal.aborted) {
      abort();
      return;
    }
    signal.addEventListener('abort', abort, { once: true });
    this.#cleanup.push(() => {
      signal.removeEventListener('abort', abort);
    });
  }
}

/** The reason of a stream body's signal once the stream ended (completed, failed, denied, or was left). */
class StreamEndedError extends Error {
  override readonly name = 'AbortError';

  constructor() {
    super('The stream ended');
  }
}
