import { BraneError, ConfigurationError, describeValue } from '@brane/errors';
import { resolveParams, type ParamsResolution } from './resolveParams.js';

type Fn = (...args: never[]) => unknown;

/** The `keys` option: the keys a capability that takes one object takes, or a function that reads them now. */
export type KeysOption = readonly string[] | (() => readonly string[] | undefined);

/** How a capability names what it takes: positional `params`, or the `keys` of its one object argument. */
export interface CapabilityNames {
  readonly params: readonly string[] | undefined;
  /** The keys now (`undefined`: any key, or positional arguments). */
  readonly keys: () => readonly string[] | undefined;
}

const ANY_KEY = (): undefined => undefined;

/**
 * The argument names of a capability: `params` when given (checked against the function's own list), else
 * `keys` when given (checked against the function: it must take one object, and `keys` must not leave out a
 * key its pattern names), else what the function's parameter list says (`resolveParams`).
 */
export function resolveNames(
  options: { readonly params?: readonly string[] | undefined; readonly keys?: KeysOption | undefined },
  fn: Fn | undefined,
  declaredAt: string,
): CapabilityNames {
  const { params, keys } = options;
  if (params !== undefined && keys !== undefined) {
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      `${declaredAt}: give \`params\` (positional arguments) or \`keys\` (one object argument), not both`,
    );
  }
  if (params !== undefined) {
    const declared = fn === undefined ? undefined : tryResolveParams(fn, declaredAt);
    if (declared?.kind === 'positional' && declared.names.length !== params.length) {
      throw new ConfigurationError(
        'INVALID_OPTIONS',
        `${declaredAt}: \`params\` names ${params.length} argument(s) but the function declares ${declared.names.length} (${declared.names.join(', ')})`,
      );
    }
    return { params: Object.freeze([...params]), keys: ANY_KEY };
  }
  if (keys !== undefined) return { params: undefined, keys: checkedKeys(keys, fn, declaredAt) };
  if (fn === undefined) return { params: undefined, keys: ANY_KEY };
  const resolved = resolveParams(fn, declaredAt);
  if (resolved.kind === 'positional') return { params: Object.freeze([...resolved.names]), keys: ANY_KEY };
  const fixed = resolved.keys === undefined ? undefined : Object.freeze([...resolved.keys]);
  return { params: undefined, keys: () => fixed };
}

/** `keys`, checked against the function: it must take one object, and name no key that `keys` leaves out. */
function checkedKeys(keys: KeysOption, fn: Fn | undefined, declaredAt: string): () => readonly string[] | undefined {
  const declared = fn === undefined ? undefined : tryResolveParams(fn, declaredAt);
  if (declared?.kind === 'positional') {
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      `${declaredAt}: \`keys\` is for a function that takes one object, but this one takes positional arguments (${declared.names.join(', ') || 'none'}); use \`params\``,
    );
  }
  const pattern = declared?.keys === undefined ? undefined : Object.freeze([...declared.keys]);
  const named = pattern ?? [];
  const leftOut = (given: readonly string[]) => named.filter((key) => !given.includes(key));
  if (typeof keys !== 'function') {
    const missing = leftOut(keys);
    if (missing.length > 0) {
      throw new ConfigurationError(
        'INVALID_OPTIONS',
        `${declaredAt}: \`keys\` leaves out ${missing.map((key) => `\`${key}\``).join(', ')}, which the function's parameter names`,
      );
    }
    const fixed = Object.freeze([...keys]);
    return () => fixed;
  }
  // Read at each check. What the function returns is checked then: anything but a list of key names (with
  // every key the pattern names) throws, and a transform checked against it is denied (fail closed).
  return () => {
    const current: unknown = keys();
    if (current === undefined) return pattern; // no keys known now: those the function's pattern names, if any
    if (!Array.isArray(current) || !current.every((key) => typeof key === 'string' && key !== '__proto__')) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `${declaredAt}: the \`keys\` function must return key names or undefined (got ${describeValue(current)})`,
      );
    }
    const missing = leftOut(current as string[]);
    if (missing.length > 0) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `${declaredAt}: the \`keys\` function leaves out ${missing.map((key) => `\`${key}\``).join(', ')}, which the function's parameter names`,
      );
    }
    return Object.freeze([...(current as string[])]);
  };
}

function tryResolveParams(fn: Fn, declaredAt: string): ParamsResolution | undefined {
  try {
    return resolveParams(fn, declaredAt);
  } catch {
    return undefined; // explicit params or keys are exactly for functions whose own list cannot be read
  }
}
