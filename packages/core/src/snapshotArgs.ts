import { isPlainArray, isPlainObject } from '@brane/decisions';
import { BraneError, describeValue } from '@brane/errors';
import type { CapabilityDefinition } from './CapabilityDefinition.js';

/**
 * Copies the arguments of a call so that what the policies see is exactly what executes: the caller keeps
 * its own objects, and mutating them while an async policy awaits changes nothing.
 *
 * Plain objects, arrays, `Date`, `Map` and `Set` are copied deeply (getters are read once, into data).
 * Everything else is passed by reference and cannot be snapshotted: functions, class instances (including
 * `Buffer` and typed arrays), promises and streams. Primitives need no copy.
 *
 * Also checks the call's shape against the capability: no more arguments than it names, and exactly one
 * plain object for a capability whose arguments are that object's keys.
 */
export function snapshotArgs(capability: CapabilityDefinition, args: unknown[]): unknown[] {
  const { params } = capability;
  if (params === undefined) {
    const [input = {}] = args;
    if (args.length > 1 || !isPlainObject(input)) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `\`${capability.name}\` takes one plain object argument (got ${args.length > 1 ? `${args.length} arguments` : describeValue(input)})`,
        { details: { capability: capability.name } },
      );
    }
    return [copy(input, undefined)];
  }
  if (args.length > params.length) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `\`${capability.name}\` takes ${params.length} argument(s) (${params.join(', ')}), got ${args.length}: an argument the policies cannot name is refused`,
      { details: { capability: capability.name } },
    );
  }
  for (let i = 0; i < args.length; i++) {
    const value = args[i];
    if (typeof value === 'object' && value !== null) args[i] = copy(value, undefined);
  }
  return args;
}

function copy(value: unknown, seen: Map<object, unknown> | undefined): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const known = seen?.get(value);
  if (known !== undefined) return known;
  const memo = seen ?? new Map<object, unknown>();
  if (isPlainArray(value)) {
    const out: unknown[] = [];
    memo.set(value, out);
    for (const item of value) out.push(copy(item, memo));
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> =
      Object.getPrototypeOf(value) === null ? (Object.create(null) as Record<string, unknown>) : {};
    memo.set(value, out);
    for (const key of Object.keys(value)) {
      const item = copy(value[key], memo);
      if (key === '__proto__')
        Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
      else out[key] = item;
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Date.prototype) return new Date((value as Date).getTime());
  if (proto === Map.prototype) {
    const out = new Map<unknown, unknown>();
    memo.set(value, out);
    for (const [key, item] of value as Map<unknown, unknown>) out.set(copy(key, memo), copy(item, memo));
    return out;
  }
  if (proto === Set.prototype) {
    const out = new Set<unknown>();
    memo.set(value, out);
    for (const item of value as Set<unknown>) out.add(copy(item, memo));
    return out;
  }
  return value;
}
