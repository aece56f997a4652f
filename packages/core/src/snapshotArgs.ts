import { isPlainArray, isPlainObject } from '@brane/decisions';
import { BraneError, describeValue } from '@brane/errors';
import type { CapabilityDefinition } from './CapabilityDefinition.js';

/**
 * The deepest an argument may be nested: an agent controls its arguments, and copying (or checking) a value nested
 * tens of thousands deep would overflow the stack. The same bound as the JSON approvals keep (`MAX_JSON_DEPTH`).
 */
export const MAX_ARGUMENT_DEPTH = 1_000;

/**
 * Copies the arguments of a call so that what the policies see is exactly what executes: the caller keeps
 * its own objects, and mutating them while an async policy awaits changes nothing.
 *
 * Plain objects, arrays, `Date`, `Map` and `Set` are copied deeply (getters are read once, into data).
 * Everything else is passed by reference and cannot be snapshotted: functions, class instances (including
 * `Buffer` and typed arrays), promises and streams. Primitives need no copy.
 *
 * Also checks the call's shape against the capability: no more arguments than it names, exactly one plain object
 * for a capability whose arguments are that object's keys, and nothing nested deeper than
 * {@link MAX_ARGUMENT_DEPTH} (an `INVALID_ARGUMENT` error naming the argument).
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
    return [copied(capability, input, 'input')];
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
    if (typeof value === 'object' && value !== null) args[i] = copied(capability, value, params[i] ?? `#${i}`);
  }
  return args;
}

/** Thrown by {@link copy} past {@link MAX_ARGUMENT_DEPTH}; {@link copied} names the argument. */
const TOO_DEEP = new Error('nested too deep');

function copied(capability: CapabilityDefinition, value: object, name: string): unknown {
  try {
    return copy(value, undefined, 0);
  } catch (error) {
    if (error !== TOO_DEEP) throw error;
    throw new BraneError(
      'INVALID_ARGUMENT',
      `\`${capability.name}\` argument \`${name}\` is nested more than ${MAX_ARGUMENT_DEPTH} deep: refused, as a value an agent controls`,
      { details: { capability: capability.name, argument: name, maxDepth: MAX_ARGUMENT_DEPTH } },
    );
  }
}

function copy(value: unknown, seen: Map<object, unknown> | undefined, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const known = seen?.get(value);
  if (known !== undefined) return known;
  if (depth >= MAX_ARGUMENT_DEPTH) throw TOO_DEEP;
  const memo = seen ?? new Map<object, unknown>();
  const next = depth + 1;
  if (isPlainArray(value)) {
    const out: unknown[] = [];
    memo.set(value, out);
    for (const item of value) out.push(copy(item, memo, next));
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> =
      Object.getPrototypeOf(value) === null ? (Object.create(null) as Record<string, unknown>) : {};
    memo.set(value, out);
    for (const key of Object.keys(value)) {
      const item = copy(value[key], memo, next);
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
    for (const [key, item] of value as Map<unknown, unknown>) out.set(copy(key, memo, next), copy(item, memo, next));
    return out;
  }
  if (proto === Set.prototype) {
    const out = new Set<unknown>();
    memo.set(value, out);
    for (const item of value as Set<unknown>) out.add(copy(item, memo, next));
    return out;
  }
  return value;
}
