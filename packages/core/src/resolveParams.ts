import { ConfigurationError } from '@brane/errors';
import { readParamList } from './readParamList.js';

/**
 * How a capability's arguments are named: by position, or by the keys of its single object argument. For an
 * object, `keys` are the keys its destructuring pattern names, or `undefined` when it takes any key (a
 * `...rest` element or a computed key).
 */
export type ParamsResolution =
  | { readonly kind: 'positional'; readonly names: readonly string[] }
  | { readonly kind: 'object'; readonly keys: readonly string[] | undefined };

/**
 * Names a function's arguments from its own parameter list, read from its source by {@link readParamList}
 * (defaults, comments, strings and regular expressions cannot confuse it). Plain and defaulted identifiers give
 * positional names; a single destructured object parameter means the arguments are that object's keys (those
 * its pattern names, or any key when it has a `...rest` element).
 * Anything else (rest parameters, several destructured parameters, native or bound functions) cannot be
 * named, and is a `ConfigurationError` asking for `params`.
 */
export function resolveParams(fn: (...args: never[]) => unknown, declaredAt: string): ParamsResolution {
  const params = readParamList(Function.prototype.toString.call(fn));
  if (params === undefined) {
    throw unresolved(declaredAt, 'its source cannot be read (a native or bound function)');
  }
  const names: string[] = [];
  for (const param of params) {
    if (param.kind === 'name') {
      names.push(param.name);
    } else if (param.kind === 'object' && params.length === 1) {
      return { kind: 'object', keys: param.keys };
    } else {
      const what = param.kind === 'rest' ? 'a rest parameter' : 'a destructured parameter';
      throw unresolved(declaredAt, `its parameter list has ${what}`);
    }
  }
  return { kind: 'positional', names };
}

function unresolved(declaredAt: string, why: string): ConfigurationError {
  return new ConfigurationError(
    'UNRESOLVED_PARAMS',
    `${declaredAt}: cannot name the arguments, because ${why}; list them with the \`params\` option, e.g. \`params: ['customerId', 'amountUsd']\` (or, for a function that takes one object, its keys with \`keys\`)`,
    { details: { declaredAt } },
  );
}
