import type { CapabilityDefinition } from './CapabilityDefinition.js';

/** The method by which a gate hands a call to the runtime; module-private, so it is not public API. */
export const INVOKE: unique symbol = Symbol('brane.invoke');

/** A governed call, as a gate hands it to the runtime. */
export interface Invocation {
  readonly definition: CapabilityDefinition;
  /** The undecorated function to run if the policies allow. */
  readonly original: (...args: unknown[]) => unknown;
  /** The gate the call came through: the prototype method, a bound instance method or a governed function. */
  readonly entry: (...args: unknown[]) => unknown;
}

/** What governs calls: a runtime's invoker. */
export interface Governor {
  [INVOKE](invocation: Invocation, receiver: unknown, args: unknown[]): unknown;
  /** Whether this governor registered the capability, so it may run it. */
  governs(definition: CapabilityDefinition): boolean;
}

const governors = new WeakMap<object, Governor>();

/** The runtime that governs `instance`, if any. */
export function governorOf(instance: unknown): Governor | undefined {
  return (typeof instance === 'object' && instance !== null) || typeof instance === 'function'
    ? governors.get(instance)
    : undefined;
}

/** Records that `governor` governs `instance`. */
export function setGovernor(instance: object, governor: Governor): void {
  governors.set(instance, governor);
}
