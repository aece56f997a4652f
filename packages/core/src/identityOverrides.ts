import { AsyncLocalStorage } from 'node:async_hooks';
import type { Identity } from './Identity.js';

/** One runtime's `withContext` overrides, and the frame (of any runtime) it was entered in. */
interface OverrideFrame {
  readonly owner: object;
  readonly identity: Identity;
  /** The signal of the request the frame runs for (already combined with the owner's enclosing ones). */
  readonly signal: AbortSignal | undefined;
  readonly outer: OverrideFrame | undefined;
}

/**
 * Where `withContext` keeps its overrides, for every runtime of the process. One storage, not one per
 * runtime: Node propagates each enabled `AsyncLocalStorage` to every new promise, timer and callback of the
 * process and never forgets one, so a storage per runtime made every await of a process that had created
 * 1,000 runtimes about 1,000 times slower.
 */
const overrides = new AsyncLocalStorage<OverrideFrame>();

/** The identity `owner` (a runtime's invoker) set with the innermost enclosing {@link runWithOverride}, if any. */
export function overrideOf(owner: object): Identity | undefined {
  return frameOf(owner)?.identity;
}

/** The signal of the request `owner`'s innermost enclosing {@link runWithOverride} runs for, if any. */
export function overrideSignalOf(owner: object): AbortSignal | undefined {
  return frameOf(owner)?.signal;
}

/**
 * Runs `fn` with `identity` (and the request's `signal`) as `owner`'s override; other runtimes' overrides stay
 * as they were.
 */
export function runWithOverride<T>(owner: object, identity: Identity, fn: () => T, signal?: AbortSignal): T {
  return overrides.run({ owner, identity, signal, outer: overrides.getStore() }, fn);
}

function frameOf(owner: object): OverrideFrame | undefined {
  for (let frame = overrides.getStore(); frame !== undefined; frame = frame.outer) {
    if (frame.owner === owner) return frame;
  }
  return undefined;
}
