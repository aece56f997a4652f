import type { RuntimeLike } from './loadRuntime.js';
import type { RuntimeSummary } from './summarizeRuntime.js';

/** One problem `brane policies --check` found. */
export interface CheckProblem {
  /**
   * `UNGUARDED_CAPABILITY`: a `high` or `critical` capability that no enabled, enforced before-policy targets
   * (by name or `*`). `UNKNOWN_TARGET` (or any other code `runtime.validate()` reports): a policy whose target
   * nothing declares.
   */
  readonly code: string;
  readonly message: string;
  readonly capability?: string;
  readonly risk?: string;
  readonly policy?: string;
  readonly target?: string;
}

/** What `--check` found: `ok` when there are no problems. */
export interface CheckReport {
  readonly ok: boolean;
  readonly problems: readonly CheckProblem[];
}

const GUARDED_RISKS = ['high', 'critical'];

/**
 * Checks that every `high` or `critical` capability has an enabled before-policy in `enforce` mode targeting it
 * exactly or by `*` (a shadow policy records, never blocks, so it guards nothing), and reports what
 * `runtime.validate()` finds: policies whose target no governed class or function declares.
 */
export function checkRuntime(runtime: RuntimeLike, summary: RuntimeSummary): CheckReport {
  const unguarded = summary.capabilities
    .filter((capability) => GUARDED_RISKS.includes(capability.risk))
    .flatMap((capability): CheckProblem[] => {
      const before = summary.policies.filter(
        (policy) =>
          policy.stage === 'before' &&
          policy.enabled &&
          (policy.targets.includes(capability.name) || policy.targets.includes('*')),
      );
      if (before.some((policy) => policy.mode === 'enforce')) return [];
      const shadow =
        before.length === 0 ? '' : ` (only shadow policies: ${before.map((policy) => policy.name).join(', ')})`;
      return [
        {
          code: 'UNGUARDED_CAPABILITY',
          capability: capability.name,
          risk: capability.risk,
          message: `Capability \`${capability.name}\` is ${capability.risk} risk, but no enabled, enforced before-policy targets it or \`*\`${shadow}`,
        },
      ];
    });
  const report: unknown = runtime.validate();
  const listed: readonly unknown[] = Array.isArray((report as { problems?: unknown } | null)?.problems)
    ? (report as { problems: readonly unknown[] }).problems
    : [];
  const unknown = listed.map((problem) => {
    const { code, policy, target, message } = problem as Partial<Record<keyof CheckProblem, unknown>>;
    return { code: String(code), policy: String(policy), target: String(target), message: String(message) };
  });
  const problems = [...unguarded, ...unknown];
  return { ok: problems.length === 0, problems };
}
