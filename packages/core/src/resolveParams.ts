import { ConfigurationError } from '@brane/errors';
import { parseExpressionAt, type Node } from 'acorn';

/**
 * How a capability's arguments are named: by position, or by the keys of its single object argument. For an
 * object, `keys` are the keys its destructuring pattern names, or `undefined` when it takes any key (a
 * `...rest` element or a computed key).
 */
export type ParamsResolution =
  | { readonly kind: 'positional'; readonly names: readonly string[] }
  | { readonly kind: 'object'; readonly keys: readonly string[] | undefined };

interface ParamNode extends Node {
  readonly name?: string;
  readonly left?: ParamNode;
  readonly properties?: readonly PatternProperty[];
}

/** A member of an object pattern: `key`, `key: target`, `key = default`, `'quoted-key': x`, `[computed]: x`, `...rest`. */
interface PatternProperty extends Node {
  readonly computed?: boolean;
  readonly key?: { readonly type: string; readonly name?: string; readonly value?: unknown };
}

/**
 * Names a function's arguments from its own parameter list, read from its source with a real JavaScript
 * parser (defaults, comments and strings cannot confuse it). Plain and defaulted identifiers give
 * positional names; a single destructured object parameter means the arguments are that object's keys (those
 * its pattern names, or any key when it has a `...rest` element).
 * Anything else (rest parameters, several destructured parameters, native or bound functions) cannot be
 * named, and is a `ConfigurationError` asking for `params`.
 */
export function resolveParams(fn: (...args: never[]) => unknown, declaredAt: string): ParamsResolution {
  const params = parseParams(fn);
  if (params === undefined) {
    throw unresolved(declaredAt, 'its source cannot be read (a native or bound function)');
  }
  const names: string[] = [];
  for (const param of params) {
    const target = param.type === 'AssignmentPattern' ? param.left : param;
    if (target?.type === 'Identifier' && target.name !== undefined) {
      names.push(target.name);
    } else if (target?.type === 'ObjectPattern' && params.length === 1) {
      return { kind: 'object', keys: patternKeys(target) };
    } else {
      const what = param.type === 'RestElement' ? 'a rest parameter' : 'a destructured parameter';
      throw unresolved(declaredAt, `its parameter list has ${what}`);
    }
  }
  return { kind: 'positional', names };
}

/** The keys an object pattern names, or `undefined` when it takes any key (`...rest`, a computed key). */
function patternKeys(pattern: ParamNode): readonly string[] | undefined {
  const keys: string[] = [];
  for (const property of pattern.properties ?? []) {
    const key = property.key;
    if (property.type !== 'Property' || property.computed === true || key === undefined) return undefined;
    if (key.type === 'Identifier' && key.name !== undefined) keys.push(key.name);
    else if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number'))
      keys.push(String(key.value));
    else return undefined;
  }
  return keys;
}

/** The `#names` a method's source may use; a class body must declare them for the source to parse. */
const PRIVATE_NAME = /#[A-Za-z_$][\w$]*/g;

function parseParams(fn: (...args: never[]) => unknown): readonly ParamNode[] | undefined {
  const source = Function.prototype.toString.call(fn);
  // A function or arrow parses as an expression; a method (`name(a) {}`) as the body of an object literal,
  // or, when it uses private members (`this.#cache`), as the last member of a class that declares them.
  const forms = [`(${source})`, `({${source}})`];
  const privateNames = new Set(source.match(PRIVATE_NAME));
  if (privateNames.size > 0)
    forms.push(`(class { ${[...privateNames].map((name) => `${name};`).join(' ')} ${source} })`);
  for (const wrapped of forms) {
    try {
      const expression = parseExpressionAt(wrapped, 0, { ecmaVersion: 'latest' }) as Node & {
        params?: ParamNode[];
        properties?: { value: { params?: ParamNode[] } }[];
        body?: { body: { value?: { params?: ParamNode[] } }[] };
      };
      const params =
        expression.params ?? expression.properties?.[0]?.value.params ?? expression.body?.body.at(-1)?.value?.params;
      if (params !== undefined) return params;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function unresolved(declaredAt: string, why: string): ConfigurationError {
  return new ConfigurationError(
    'UNRESOLVED_PARAMS',
    `${declaredAt}: cannot name the arguments, because ${why}; list them with the \`params\` option, e.g. \`params: ['customerId', 'amountUsd']\` (or, for a function that takes one object, its keys with \`keys\`)`,
    { details: { declaredAt } },
  );
}
