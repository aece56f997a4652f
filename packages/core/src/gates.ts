import { BraneError } from '@brane/errors';
import type { CapabilityDefinition } from './CapabilityDefinition.js';
import { INVOKE, governorOf, type Invocation } from './governors.js';

type Fn = (...args: unknown[]) => unknown;
const invocations = new WeakMap<Fn, Invocation>();

/**
 * The function that replaces a `@Capability` method on its class's prototype. It does no policy work: it
 * finds the runtime that governs `this` and hands it the call. Reached by every path that runs the method
 * from the prototype (`Reflect.apply`, `call`, a subclass's `super`), it refuses instances no runtime
 * governs, and instances whose runtime did not register this capability.
 */
export function createGate(definition: CapabilityDefinition, original: Fn, key: string): Fn {
  const gate = function (this: unknown, ...args: unknown[]): unknown {
    const governor = governorOf(this);
    if (governor === undefined || !governor.governs(definition))
      return refuse(definition, key, this, governor !== undefined);
    return governor[INVOKE](invocation, this, args);
  };
  const invocation: Invocation = { definition, original, entry: gate };
  invocations.set(gate, invocation);
  Object.defineProperty(gate, 'name', { value: key });
  Object.defineProperty(gate, 'length', { value: original.length });
  return gate;
}

/** Registers a function as the entry of a governed capability (see {@link createGate}). */
export function registerEntry(entry: Fn, invocation: Invocation): void {
  invocations.set(entry, invocation);
}

/** The invocation behind a gate or governed function, if `fn` is one. */
export function invocationOf(fn: unknown): Invocation | undefined {
  return typeof fn === 'function' ? invocations.get(fn as Fn) : undefined;
}

/**
 * The capability behind a `@Capability` method or a governed function.
 *
 * @example
 * capabilityOf(SupportAgent.prototype.refundCustomer)?.risk // 'high'
 */
export function capabilityOf(fn: unknown): CapabilityDefinition | undefined {
  return invocationOf(fn)?.definition;
}

function refuse(definition: CapabilityDefinition, key: string, receiver: unknown, governedElsewhere: boolean): unknown {
  const why = governedElsewhere
    ? 'on an instance whose runtime does not govern this capability'
    : receiver === undefined || receiver === null
      ? 'without an instance (a method detached from an ungoverned instance?)'
      : 'on an instance that no Runtime governs; call runtime.govern(instance) first';
  const error = new BraneError(
    'UNGOVERNED_CALL',
    `Capability \`${definition.name}\` (method \`${key}\`) was called ${why}`,
    {
      details: { capability: definition.name },
    },
  );
  if (definition.async) return Promise.reject(error);
  throw error;
}
