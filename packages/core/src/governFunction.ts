import { BraneError, describeValue } from '@brane/errors';
import { defineCapability, type CapabilityDefinition, type CapabilityOptions } from './CapabilityDefinition.js';
import { registerEntry } from './gates.js';
import { INVOKE, type Governor, type Invocation } from './governors.js';
import { nameOf } from './nameOf.js';

/** The capability `runtime.capability(options, fn)` declares: `fn` checked, `options` read and validated. */
export function defineFunctionCapability(
  options: CapabilityOptions,
  fn: (...args: never[]) => unknown,
): CapabilityDefinition {
  if (typeof fn !== 'function') {
    throw new BraneError('INVALID_ARGUMENT', `runtime.capability: expected a function (got ${describeValue(fn)})`);
  }
  const label = nameOf(options) ?? fn.name;
  return defineCapability(options, fn, `runtime.capability(${label})`, fn.name);
}

/**
 * The governed version of `fn` (its name and length kept), whose every call `governor` governs, and its
 * invocation; made once `definition` is registered.
 */
export function governedFunction(
  definition: CapabilityDefinition,
  fn: (...args: never[]) => unknown,
  governor: Governor,
): Invocation {
  const original = fn as unknown as (...args: unknown[]) => unknown;
  const governed = function (this: unknown, ...args: unknown[]): unknown {
    return governor[INVOKE](invocation, this, args);
  };
  const invocation: Invocation = { definition, original, entry: governed };
  registerEntry(governed, invocation);
  Object.defineProperty(governed, 'name', { value: fn.name });
  Object.defineProperty(governed, 'length', { value: fn.length });
  return invocation;
}
