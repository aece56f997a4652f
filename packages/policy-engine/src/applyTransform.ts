import { copyData, isPlainObject, type Transform } from '@brane/decisions';
import { BraneError, describeValue } from '@brane/errors';

/**
 * Applies a `transform_output` change to a capability's output and returns the new output; `output` is
 * never mutated, and nothing in the result is shared with `transform`.
 *
 * `replace` returns a deep copy (`copyData`) of `transform.replace`. `patch` needs a plain-object
 * output and returns a shallow copy of it with each patched key set to a deep copy of its value.
 *
 * @throws BraneError `INVALID_ARGUMENT` for a transform with neither or both of `patch` and `replace`, a patch
 * that is not a plain object or has a `__proto__` key, an output that cannot be patched, or a value that
 * cannot be copied (a function, a symbol, a promise).
 * @example
 * applyOutputTransform({ id: 1, secret: 's' }, { patch: { secret: null } }) // { id: 1, secret: null }
 */
export function applyOutputTransform(output: unknown, transform: Transform): unknown {
  if (typeof transform !== 'object' || transform === null) {
    invalid(`\`transform\` must be an object with \`patch\` or \`replace\` (got ${describeValue(transform)})`);
  }
  const { patch } = transform;
  const hasReplace = Object.hasOwn(transform, 'replace');
  if (patch !== undefined && hasReplace && transform.replace !== undefined) {
    invalid('`transform` has both `patch` and `replace`; give one');
  }
  if (patch === undefined) {
    if (!hasReplace) invalid('`transform` has neither `patch` nor `replace`');
    return deepCopy(transform.replace, 'transform.replace');
  }
  if (!isPlainObject(patch)) invalid(`\`transform.patch\` must be a plain object (got ${describeValue(patch)})`);
  if (!isPlainObject(output)) invalid(`cannot patch an output that is ${describeValue(output)}`);
  const result: Record<string, unknown> =
    Object.getPrototypeOf(output) === null ? Object.assign(Object.create(null) as object, output) : { ...output };
  for (const key of Object.keys(patch)) {
    if (key === '__proto__') invalid('`transform.patch` has a `__proto__` key (prototype pollution)');
    setOwn(result, key, deepCopy(patch[key], `transform.patch.${key}`));
  }
  return result;
}

function deepCopy(value: unknown, name: string): unknown {
  return copyData(value, name);
}

/** Sets an own data property, even for a key named `__proto__` (where `=` would set the prototype instead). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}

function invalid(message: string): never {
  throw new BraneError('INVALID_ARGUMENT', `applyOutputTransform: ${message}`);
}
