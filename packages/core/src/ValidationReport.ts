import { ConfigurationError } from '@brane/errors';
import type { Policy } from '@brane/policy-engine';
import { closestName } from './closestName.js';

/** One problem `runtime.validate()` found. */
export interface ValidationProblem {
  /**
   * `UNKNOWN_TARGET`: a policy targets a capability that no governed class or function declares.
   * `MINIFIED_PARAMS`: a policy reads an argument by a name that the capability's parameter list, renamed by a
   * minifier (`t, n, i`), no longer has.
   */
  readonly code: 'UNKNOWN_TARGET' | 'MINIFIED_PARAMS';
  readonly policy: string;
  /** The policy's target (`UNKNOWN_TARGET`) or the capability (`MINIFIED_PARAMS`). */
  readonly target: string;
  readonly message: string;
}

/** What `runtime.validate()` returns. */
export interface ValidationReport {
  /** `true` when there are no problems. */
  readonly ok: boolean;
  readonly problems: readonly ValidationProblem[];
}

/**
 * Reports every policy whose exact target names no capability that `declares` (a typo, or a missing `govern`);
 * `known` lists the declared names, for a "did you mean" hint. `*` targets every capability, those governed
 * later included, so it is never unknown.
 */
export function validatePolicies(
  policies: readonly Policy[],
  declares: (name: string) => boolean,
  known: () => readonly string[] = () => [],
): ValidationReport {
  const problems = policies.flatMap((policy) =>
    policy.targets
      .filter((target) => target !== '*' && !declares(target))
      .map((target) => {
        const suggestion = closestName(target, known());
        return {
          code: 'UNKNOWN_TARGET' as const,
          policy: policy.name,
          target,
          message: `Policy \`${policy.name}\` targets \`${target}\`, which no governed class or function declares${suggestion === undefined ? '' : ` (did you mean \`${suggestion}\`?)`}`,
        };
      }),
  );
  return { ok: problems.length === 0, problems };
}

/**
 * The error of a runtime whose policies target unknown capabilities, thrown by its governed calls until the
 * targets are known (`unknownTargets: 'throw'`, the default).
 */
export function unknownTargetError(report: ValidationReport): ConfigurationError {
  const messages = report.problems.map((problem) => problem.message).join('; ');
  return new ConfigurationError(
    'UNKNOWN_TARGET',
    `${messages}. Every governed call is refused until this is fixed: correct the target, or govern the class or function that declares it before the first call. A runtime whose capabilities are registered after its first calls can pass \`unknownTargets: 'ignore'\` to \`new Runtime\` and call \`runtime.validate()\` itself`,
    { details: { problems: report.problems } },
  );
}
