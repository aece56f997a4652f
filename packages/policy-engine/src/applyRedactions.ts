import {
  DEFAULT_MASK,
  isPlainArray,
  isPlainObject,
  parseRedactionPath,
  type PathSegment,
  type Redaction,
} from '@brane/decisions';
import { BraneError, describeValue } from '@brane/errors';

type Container = Record<string, unknown> | unknown[];

/** One redaction being applied: its parsed path, and what to do at the end of it. */
interface Step {
  readonly path: string;
  readonly segments: readonly PathSegment[];
  readonly remove: boolean;
  readonly mask: string;
  /** Containers this call copied: they are ours, so later steps change them in place. */
  readonly owned: WeakSet<object>;
}

const INDEX_PATTERN = /^(?:0|[1-9]\d*)$/;

/**
 * Applies redactions to a capability's output, in order, and returns the redacted value. `output` is never
 * mutated: only the plain objects and arrays on a redacted path are copied; untouched branches are shared.
 *
 * `mask` replaces each matched value with `redaction.mask` (default {@link DEFAULT_MASK}); `remove` deletes
 * the key from its object, or the element from its array (`items[]` as a whole path empties `items`). A
 * path that is absent from the output, or that meets a primitive where it needs to go deeper, redacts
 * nothing there. A key segment on an array addresses an element only when it is a canonical index (`0`, `1`).
 *
 * @throws BraneError `INVALID_ARGUMENT` for a malformed redaction, or when a path has to look inside something
 * that is not a plain object or plain array (a `Map`, a `Date`, a `Buffer`, a class instance, a function),
 * or uses a non-index key on an array: the output's shape is not what the policy expects, and the caller
 * must deny rather than risk returning an unredacted secret.
 * @example
 * applyRedactions({ customer: { email: 'a@b.c', id: 7 } }, [{ path: 'customer.email', action: 'mask' }])
 * // { customer: { email: '[REDACTED]', id: 7 } }
 */
export function applyRedactions(output: unknown, redactions: readonly Redaction[]): unknown {
  if (!Array.isArray(redactions)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `applyRedactions: \`redactions\` must be an array (got ${describeValue(redactions)})`,
    );
  }
  const list: readonly unknown[] = redactions;
  const owned = new WeakSet<object>();
  const steps = list.map((redaction, index) => toStep(redaction, index, owned));
  let result = output;
  for (const step of steps) result = visit(result, 0, '', step);
  return result;
}

function toStep(redaction: unknown, index: number, owned: WeakSet<object>): Step {
  const name = `redactions[${index}]`;
  if (typeof redaction !== 'object' || redaction === null) {
    invalid(`\`${name}\` must be an object (got ${describeValue(redaction)})`, { index });
  }
  const { path, action, mask } = redaction as Partial<Record<keyof Redaction, unknown>>;
  if (typeof path !== 'string') invalid(`\`${name}.path\` must be a string (got ${describeValue(path)})`, { index });
  if (action !== 'mask' && action !== 'remove') {
    invalid(`\`${name}.action\` must be \`mask\` or \`remove\` (got ${describeValue(action)})`, { index, path });
  }
  if (mask !== undefined && typeof mask !== 'string') {
    invalid(`\`${name}.mask\` must be a string (got ${describeValue(mask)})`, { index, path });
  }
  return { path, segments: parseRedactionPath(path), remove: action === 'remove', mask: mask ?? DEFAULT_MASK, owned };
}

/** Applies `step` from segment `i` on to `value`, found at `at`; returns the new value for that place. */
function visit(value: unknown, i: number, at: string, step: Step): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function') notPlain(value, at, step);
    return value; // a primitive: nothing below it to redact
  }
  const segment = step.segments[i];
  if (segment === undefined) return value;
  const last = i === step.segments.length - 1;
  if (isPlainArray(value)) {
    if (segment.kind === 'each') return eachElement(value, i, last, at, step);
    return oneElement(value, segment.key, i, last, at, step);
  }
  if (!isPlainObject(value)) notPlain(value, at, step);
  const keys = segment.kind === 'each' ? Object.keys(value) : Object.hasOwn(value, segment.key) ? [segment.key] : [];
  let target: Record<string, unknown> = value;
  for (const key of keys) {
    const where = at === '' ? key : `${at}.${key}`;
    if (last && step.remove) {
      target = writable(target, step);
      Reflect.deleteProperty(target, key);
      continue;
    }
    const before = target[key];
    const after = last ? step.mask : visit(before, i + 1, where, step);
    if (after === before && !last) continue;
    target = writable(target, step);
    target[key] = after; // `key` is an own data property of the copy, so even `__proto__` is set as data
  }
  return target;
}

function eachElement(value: unknown[], i: number, last: boolean, at: string, step: Step): unknown[] {
  if (last && step.remove) {
    if (value.length === 0) return value;
    const target = writable(value, step);
    target.length = 0;
    return target;
  }
  let target = value;
  for (let j = 0; j < value.length; j++) {
    const before = target[j];
    const after = last ? step.mask : visit(before, i + 1, `${at}[${j}]`, step);
    if (after === before && !last) continue;
    target = writable(target, step);
    target[j] = after;
  }
  return target;
}

function oneElement(value: unknown[], key: string, i: number, last: boolean, at: string, step: Step): unknown[] {
  if (!INDEX_PATTERN.test(key)) {
    const shown = at === '' ? 'the output' : `\`${at}\``;
    invalid(
      `cannot redact \`${step.path}\`: ${shown} is an array, and \`${key}\` is not an index (use \`[]\` for every element)`,
      { path: step.path, at },
    );
  }
  const j = Number(key);
  if (j >= value.length) return value;
  if (last && step.remove) {
    const target = writable(value, step);
    target.splice(j, 1);
    return target;
  }
  const before = value[j];
  const after = last ? step.mask : visit(before, i + 1, `${at}[${j}]`, step);
  if (after === before && !last) return value;
  const target = writable(value, step);
  target[j] = after;
  return target;
}

/** `container` itself if this call copied it, else a shallow copy (same prototype) that this call now owns. */
function writable<T extends Container>(container: T, step: Step): T {
  if (step.owned.has(container)) return container;
  let copy: Container;
  if (Array.isArray(container)) copy = container.slice();
  else if (Object.getPrototypeOf(container) === null) copy = Object.assign(Object.create(null) as object, container);
  else copy = { ...container }; // spread defines an own `__proto__` key as data, never as the prototype
  step.owned.add(copy);
  return copy as T;
}

function notPlain(value: unknown, at: string, step: Step): never {
  const shown = at === '' ? 'the output' : `\`${at}\``;
  const what = Array.isArray(value) ? 'an array with a non-standard prototype' : describeValue(value);
  invalid(`cannot redact \`${step.path}\`: ${shown} is ${what}, not a plain object or array`, {
    path: step.path,
    at,
  });
}

function invalid(message: string, details: Record<string, unknown>): never {
  throw new BraneError('INVALID_ARGUMENT', `applyRedactions: ${message}`, { details });
}
