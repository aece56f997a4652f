import { ConfigurationError } from '@brane/errors';
import type { Policy } from '@brane/policy-engine';
import type { CapabilityDefinition } from './CapabilityDefinition.js';

/** One capability whose argument names a minifier renamed, while a policy reads them by their real names. */
export interface MinifiedParamsProblem {
  /** `MINIFIED_PARAMS`: a policy reads an argument by a name the capability's (minified) parameter list lacks. */
  readonly code: 'MINIFIED_PARAMS';
  readonly policy: string;
  /** The capability. */
  readonly target: string;
  readonly message: string;
}

/** Capabilities whose argument names were read from their own parameter list (no `params`, no `keys`). */
const namedBySource = new WeakSet<CapabilityDefinition>();
/** The unbound function of a policy whose `evaluate` is bound (a policy class's method). */
const policySources = new WeakMap<Policy, (...args: never[]) => unknown>();
/** The argument names a policy function reads, by function: its source is scanned once. */
const namesRead = new WeakMap<object, readonly string[]>();

/** Records that `definition` took its argument names from its function's parameter list. */
export function markNamedBySource(definition: CapabilityDefinition): void {
  namedBySource.add(definition);
}

/** Records the unbound method behind a policy, whose source says which arguments it reads. */
export function rememberPolicySource(policy: Policy, fn: (...args: never[]) => unknown): void {
  policySources.set(policy, fn);
}

/**
 * What a minifier makes of parameter names: one or two characters each (`t, n, i`, `e`, `r2`). A capability with
 * no parameters never looks minified.
 */
export function looksMinified(names: readonly string[]): boolean {
  return names.length > 0 && names.every((name) => /^[A-Za-z_$][\w$]?$/.test(name));
}

// `ctx.arg('amountUsd')`, `ctx.arg<number>("amountUsd", 0)`, `ctx.args.amountUsd`, `ctx.args['amountUsd']`: the
// string and the property survive minification (`t.arg("amountUsd",0)`), the context's own name does not.
const ARG_CALL = /\.arg\s*(?:<[^<>()]*>)?\s*\(\s*(['"`])([^'"`\\\r\n]+)\1/g;
const ARGS_PROPERTY = /\.args\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*(['"`])([^'"`\\\r\n]+)\2\s*\])/g;

/** The argument names a policy function's source reads through its context, by literal name. */
export function argumentNamesRead(fn: (...args: never[]) => unknown): readonly string[] {
  const cached = namesRead.get(fn);
  if (cached !== undefined) return cached;
  let source: string;
  try {
    source = Function.prototype.toString.call(fn);
  } catch {
    source = '';
  }
  const names = new Set<string>();
  for (const match of source.matchAll(ARG_CALL)) names.add(match[2] as string);
  for (const match of source.matchAll(ARGS_PROPERTY)) names.add((match[1] ?? match[3]) as string);
  const read = Object.freeze([...names]);
  namesRead.set(fn, read);
  return read;
}

/**
 * Finds every policy that reads an argument by a name its capability does not have, where the capability's names
 * were read from a parameter list that looks minified: a build renamed them, and every such read would fail (a
 * deny, `its arguments: t, n, i`). A `*` policy counts only when every capability named by its parameter list
 * looks minified, for names no governed capability has.
 */
export function findMinifiedParams(
  policies: readonly Policy[],
  capabilities: readonly CapabilityDefinition[],
): MinifiedParamsProblem[] {
  const minified = capabilities.filter(
    (definition) =>
      namedBySource.has(definition) && definition.params !== undefined && looksMinified(definition.params),
  );
  if (minified.length === 0) return [];
  // A `*` policy may read names only some capabilities have (with a default): it counts only when the whole build
  // looks minified (every capability named by its parameter list) and no capability has the name.
  const wholeBuild = capabilities.every(
    (definition) =>
      !namedBySource.has(definition) ||
      definition.params === undefined ||
      definition.params.length === 0 ||
      looksMinified(definition.params),
  );
  const everyName = new Set(capabilities.flatMap((definition) => definition.params ?? []));
  const problems: MinifiedParamsProblem[] = [];
  for (const policy of policies) {
    const read = argumentNamesRead(policySources.get(policy) ?? policy.evaluate);
    if (read.length === 0) continue;
    for (const definition of minified) {
      const params = definition.params ?? [];
      const exact = policy.targets.includes(definition.name);
      if (!exact && !(wholeBuild && policy.targets.includes('*'))) continue;
      const missing = read.filter((name) => !params.includes(name) && (exact || !everyName.has(name)));
      if (missing.length === 0) continue;
      problems.push({
        code: 'MINIFIED_PARAMS',
        policy: policy.name,
        target: definition.name,
        message: `Policy \`${policy.name}\` reads ${missing.map((name) => `\`${name}\``).join(', ')} of \`${definition.name}\` (${definition.declaredAt}), whose parameter names look minified (its arguments: ${params.join(', ')}): the build renamed them`,
      });
    }
  }
  return problems;
}

/** The error of a runtime whose capabilities lost their argument names to a minifier: every governed call is refused. */
export function minifiedParamsError(problems: readonly MinifiedParamsProblem[]): ConfigurationError {
  const messages = problems.map((problem) => problem.message).join('; ');
  return new ConfigurationError(
    'UNRESOLVED_PARAMS',
    `${messages}. Every governed call is refused until this is fixed: give the capability its names (\`params: ['customerId', 'amountUsd']\` in \`@Capability\`), or build without renaming identifiers (esbuild \`minifyIdentifiers: false\`, or \`--minify-syntax --minify-whitespace\`; \`keepNames\` keeps function and class names only)`,
    { details: { problems } },
  );
}

/** Throws the `UNRESOLVED_PARAMS` error when {@link findMinifiedParams} finds a problem. */
export function assertNotMinified(policies: readonly Policy[], capabilities: readonly CapabilityDefinition[]): void {
  const problems = findMinifiedParams(policies, capabilities);
  if (problems.length > 0) throw minifiedParamsError(problems);
}
