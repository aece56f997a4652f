import type { CapabilityDefinition } from './CapabilityDefinition.js';
import { failedStream } from './streams/failedStream.js';

/**
 * A check of the runtime's setup that the next governed call runs first (the policies' targets are known):
 * while it throws, every call is refused with its error; once it passes, calls no longer run it.
 */
export class PendingCheck {
  #check: (() => void) | undefined;

  /** Has the next call run `check` first. */
  set(check: () => void): void {
    this.#check = check;
  }

  /** Runs the pending check: its error, or `undefined` (and no more checks) when it passes or there is none. */
  run(): Error | undefined {
    if (this.#check === undefined) return undefined;
    try {
      this.#check();
      this.#check = undefined;
      return undefined;
    } catch (error) {
      return error as Error;
    }
  }
}

/** A call of `definition` refused with `error`, in the shape its caller expects: a throw, a rejection or a stream. */
export function refusedCall(definition: CapabilityDefinition, error: Error): unknown {
  if (definition.stream) return failedStream(error);
  if (definition.async) return Promise.reject(error);
  throw error;
}
