import { BraneError } from '@brane/errors';
import type { Invocation } from './governors.js';

/** A governed capability that can be called by name: its invocation, and the instance it is a method of. */
export interface Target {
  readonly invocation: Invocation;
  readonly receiver: unknown;
}

/** Why no single target was found. */
export type TargetProblem = 'none' | 'ambiguous';

interface Entry {
  readonly invocation: Invocation;
  /** The governed instance, weakly held so that governing never keeps an instance alive; absent for functions. */
  readonly receiver: WeakRef<object> | undefined;
}

/**
 * Finds governed capabilities by name, for a `route` decision and for `runtime.resume`. Holds governed
 * instances weakly.
 */
export class TargetDirectory {
  readonly #byName = new Map<string, Entry[]>();

  /** Adds a governed function (`runtime.capability`). */
  addFunction(invocation: Invocation): void {
    this.#add(invocation.definition.name, { invocation, receiver: undefined });
  }

  /** Adds the capability methods of a governed instance. */
  addInstance(instance: object, invocations: readonly Invocation[]): void {
    const receiver = new WeakRef(instance);
    for (const invocation of invocations) this.#add(invocation.definition.name, { invocation, receiver });
  }

  /**
   * The target named `name`: on `preferred` (the routed action's own instance) when it has it, else the
   * only live one of this runtime.
   */
  find(name: string, preferred?: unknown): Target | TargetProblem {
    const live = (this.#byName.get(name) ?? []).filter(
      (entry) => entry.receiver === undefined || entry.receiver.deref(),
    );
    const own = live.find((entry) => entry.receiver !== undefined && entry.receiver.deref() === preferred);
    const chosen = own ?? (live.length === 1 ? live[0] : undefined);
    if (chosen === undefined) return live.length === 0 ? 'none' : 'ambiguous';
    return { invocation: chosen.invocation, receiver: chosen.receiver?.deref() };
  }

  #add(name: string, entry: Entry): void {
    let entries = this.#byName.get(name);
    if (entries === undefined) this.#byName.set(name, (entries = []));
    else if (entries.length >= 16 && (entries.length & (entries.length - 1)) === 0) {
      // Drop collected instances now and then, so that a long-lived runtime's lists stay short.
      entries.splice(0, entries.length, ...entries.filter((e) => e.receiver === undefined || e.receiver.deref()));
    }
    entries.push(entry);
  }
}

/** Why `runtime.resume` found no single target for `capability`, as the error it throws. */
export function resumeTargetError(
  approvalId: string,
  capability: string,
  problem: TargetProblem,
  declared: boolean,
): BraneError {
  const message =
    problem === 'ambiguous'
      ? `runtime.resume: several governed instances have \`${capability}\`; pass \`{ target }\``
      : declared
        ? `runtime.resume: approval ${approvalId} is for \`${capability}\`, but no instance governed with it is alive (instances are held weakly): keep a reference to the governed agent, or pass \`{ target }\``
        : `runtime.resume: approval ${approvalId} is for \`${capability}\`, which this runtime does not govern`;
  return new BraneError('INVALID_ARGUMENT', message, { details: { approvalId, capability } });
}
