import { BraneError, describeValue } from '@brane/errors';
import type { ApprovalRequest } from './ApprovalRequest.js';
import { Decision } from './Decision.js';
import { outranks } from './DecisionPrecedence.js';
import type { Limit, LimitInit } from './Limit.js';
import type { RouteTarget } from './RouteTarget.js';
import type { SandboxConstraints } from './SandboxConstraints.js';
import { intersectSandbox } from './intersectSandbox.js';
import { mergeApprovals } from './mergeApprovals.js';
import { unionLabels } from './dataLabels.js';

/**
 * The combining rule, applied one decision at a time in priority order. Given the decision composed so far
 * (`undefined` before the first) and the next policy's decision, returns the new composed decision.
 *
 * Precedence: deny > approval_required > route > sandbox > transforms and redactions > log_only > allow.
 *
 * 1. A deny is final: evaluation stops and the deny is the result.
 * 2. An allow changes nothing once another type has been decided; among allows, the last one wins.
 * 3. Any other type is kept, and the result takes the strongest type seen. The composed decision lists
 *    every decision it was made of (`effects`, in order) and carries their payloads merged: one approval
 *    request for all that asked, the intersection of the sandboxes, the one route.
 * 4. Fail closed: two different routes cannot both be honoured, so they compose to a deny.
 * 5. Limits add up: the result reserves every limit of every decision composed into it (a deny reserves none).
 *
 * Stop evaluating as soon as the result is {@link isFinalDecision}.
 */
export function composeNext(current: Decision | undefined, next: Decision): Decision {
  if (!Decision.isDecision(next)) {
    throw new BraneError('INVALID_ARGUMENT', `composeNext: expected a Decision (got ${describeValue(next)})`);
  }
  if (next.type === 'deny' || current === undefined) return next;
  if (current.type === 'deny') return current;
  // Labels and limits accumulate: a later allow (or any later decision) never drops what an earlier one added.
  if (current.type === 'allow') return carrying(next, current);
  if (next.type === 'allow') return carrying(current, next);
  const route = mergeRoutes(current, next);
  if (route instanceof Decision) return route;
  const top = outranks(next.type, current.type) ? next : current;
  return new Decision({
    type: top.type,
    reason: top.reason,
    policyName: top.policyName,
    policyVersion: top.policyVersion,
    metadata: top.metadata,
    approval: merged(current.approval, next.approval, mergeApprovals),
    route,
    sandbox: merged(current.sandbox, next.sandbox, intersectSandbox),
    effects: [...effectsOf(current), next],
    limits: joinLimits(current.limits, next.limits),
    labels: unionLabels(current.labels, next.labels),
  });
}

/** `decision`, also carrying the labels and reserving the limits of `other`, a decision it was composed with. */
function carrying(decision: Decision, other: Decision): Decision {
  // Not skipped when `other` is `decision`: two policies that return one shared instance reserve its limits twice,
  // as two equal instances do. Composition reads values, never identity.
  let result = decision;
  // Checked limits pass through `withLimits` as they are.
  if (other.limits !== undefined) result = result.withLimits(...(other.limits as readonly LimitInit[]));
  if (other.labels !== undefined && other.labels.length > 0) result = result.label(...other.labels);
  return result;
}

function joinLimits(a: readonly Limit[] | undefined, b: readonly Limit[] | undefined): readonly Limit[] | undefined {
  return a === undefined ? b : b === undefined ? a : [...a, ...b];
}

/** Whether composition must stop at this decision (a deny). */
export function isFinalDecision(decision: Decision): boolean {
  return decision.type === 'deny';
}

/**
 * The decisions a composed decision was made of, in priority order; a single decision is its own only
 * effect, and an allow has none.
 */
export function effectsOf(decision: Decision): readonly Decision[] {
  return decision.effects ?? (decision.type === 'allow' ? [] : [decision]);
}

/**
 * Composes the decisions of every matching policy, in priority order. With none, the result is
 * `whenNoneMatch` (allow by default, or the runtime's configured default).
 *
 * @example
 * composeDecisions([Decision.allow(), Decision.deny('no')], Decision.allow()).denied // true
 */
export function composeDecisions(decisions: Iterable<Decision>, whenNoneMatch: Decision): Decision {
  let composed: Decision | undefined;
  for (const decision of decisions) {
    composed = composeNext(composed, decision);
    if (isFinalDecision(composed)) return composed;
  }
  return composed ?? whenNoneMatch;
}

function mergeRoutes(current: Decision, next: Decision): RouteTarget | Decision | undefined {
  const a = current.route;
  const b = next.route;
  if (a === undefined || b === undefined || sameRoute(a, b)) return a ?? b;
  return Decision.deny(
    `Conflicting routes: ${describeRoute(a)} (${current.policyName ?? 'a policy'}) and ${describeRoute(b)} (${next.policyName ?? 'a policy'}) cannot both be honoured`,
    { policyName: next.policyName, policyVersion: next.policyVersion, metadata: { conflict: 'route' } },
  );
}

function sameRoute(a: RouteTarget, b: RouteTarget): boolean {
  return a.capability === b.capability && a.model === b.model && a.provider === b.provider;
}

function describeRoute(route: RouteTarget): string {
  if (route.capability !== undefined) return `capability \`${route.capability}\``;
  return [route.provider, route.model].filter((part) => part !== undefined).join('/');
}

function merged<T extends ApprovalRequest | SandboxConstraints>(
  a: T | undefined,
  b: T | undefined,
  merge: (a: T, b: T) => T,
): T | undefined {
  return a === undefined ? b : b === undefined ? a : merge(a, b);
}
