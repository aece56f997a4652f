import { copyData } from './copyData.js';

/**
 * A deep copy of `value`, deeply frozen, so that a policy that keeps a reference to what it returned cannot
 * change a decision after the runtime has read it. Only plain data can be copied (see {@link copyData}).
 */
export function frozenData<T>(value: T, label: string): T {
  return deepFreeze(copyData(value, label));
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (ArrayBuffer.isView(value)) return value; // typed arrays cannot be frozen; they are copies already
  Object.freeze(value);
  if (value instanceof Map || value instanceof Set) {
    // A frozen Map or Set can still be changed through its methods; freeze what it holds, at least.
    for (const item of value.values()) deepFreeze(item);
    if (value instanceof Map) for (const key of value.keys()) deepFreeze(key);
  }
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
