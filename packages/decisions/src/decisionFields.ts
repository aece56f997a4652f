import type { ApprovalRequest } from './ApprovalRequest.js';
import type { Decision } from './Decision.js';
import type { DecisionInit, DecisionPayload } from './DecisionInit.js';
import type { DecisionType } from './DecisionType.js';
import type { Limit } from './Limit.js';
import type { Mutations } from './Mutations.js';
import type { RouteTarget } from './RouteTarget.js';
import type { SandboxConstraints } from './SandboxConstraints.js';
import { EMPTY } from './validateDecisionInit.js';

/** The public fields of a decision, in a fixed order: what its constructor checked (see `Decision`). */
export type DecisionFields = readonly [
  type: DecisionType,
  reason: string | undefined,
  actionId: string | undefined,
  policyName: string | undefined,
  policyVersion: string | undefined,
  mutations: Mutations | undefined,
  approval: ApprovalRequest | undefined,
  route: RouteTarget | undefined,
  sandbox: SandboxConstraints | undefined,
  audit: DecisionPayload | undefined,
  effects: readonly Decision[] | undefined,
  limits: readonly Limit[] | undefined,
  labels: readonly string[] | undefined,
  metadata: DecisionPayload,
];

/** The fields of a plain allow, as `Decision.allow()` makes it. */
export function allowFields(): DecisionFields {
  const u = undefined;
  return Object.freeze(['allow', u, u, u, u, u, u, u, u, u, u, u, u, EMPTY] as const);
}

/** The public fields of `d`, in the order of {@link DecisionFields}. */
export function fieldsOf(d: Decision): DecisionFields {
  return [
    d.type,
    d.reason,
    d.actionId,
    d.policyName,
    d.policyVersion,
    d.mutations,
    d.approval,
    d.route,
    d.sandbox,
    d.audit,
    d.effects,
    d.limits,
    d.labels,
    d.metadata,
  ];
}

/** What `d` would be made from: its public fields as they are now. */
export function initOf(d: Decision): DecisionInit {
  return {
    type: d.type,
    reason: d.reason,
    actionId: d.actionId,
    policyName: d.policyName,
    policyVersion: d.policyVersion,
    mutations: d.mutations,
    approval: d.approval,
    route: d.route,
    sandbox: d.sandbox,
    audit: d.audit,
    effects: d.effects,
    limits: d.limits,
    labels: d.labels,
    metadata: d.metadata,
  };
}
