import type { Policy } from '@brane/policy-engine';

/** One problem `runtime.validate()` found. */
export interface ValidationProblem {
  /** `UNKNOWN_TARGET`: a policy targets a capability that no governed class or function declares. */
  readonly code: 'UNKNOWN_TARGET';
  readonly policy: string;
  readonly target: string;
  readonly message: string;
}

/** What `runtime.validate()` returns. */
export interface ValidationReport {
  /** `true` when there are no problems. */
  readonly ok: boolean;
  readonly problems: readonly ValidationProblem[];
}

/** Reports every policy whose target names no capability that `declares` (a typo, or a missing `govern`). */
export function validatePolicies(policies: readonly Policy[], declares: (name: string) => boolean): ValidationReport {
  const problems = policies.flatMap((policy) =>
    policy.targets
      .filter((target) => target !== '*' && !declares(target))
      .map((target) => ({
        code: 'UNKNOWN_TARGET' as const,
        policy: policy.name,
        target,
        message: `Policy \`${policy.name}\` targets \`${target}\`, which no governed class or function declares`,
      })),
  );
  return { ok: problems.length === 0, problems };
}
