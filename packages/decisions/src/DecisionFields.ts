import type { ApprovalRequest } from './ApprovalRequest.js';
import type { Decision } from './Decision.js';
import type { DecisionInit, DecisionPayload } from './DecisionInit.js';
import type { DecisionType } from './DecisionType.js';
import type { Limit } from './Limit.js';
import type { Mutations } from './Mutations.js';
import type { RouteTarget } from './RouteTarget.js';
import type { SandboxConstraints } from './SandboxConstraints.js';
import { validateDecisionInit } from './validateDecisionInit.js';

/** A decision's public fields, in a fixed order: as its constructor checked them (`Decision.#checked`). */
export type Fields = [
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

/** The public fields a plain allow does not store: every one but `type` and `metadata`. */
export const UNSET_ON_PLAIN_ALLOW = [
  'reason',
  'actionId',
  'policyName',
  'policyVersion',
  'mutations',
  'approval',
  'route',
  'sandbox',
  'audit',
  'effects',
  'limits',
  'labels',
] as const;

/** Whether each public field of `decision`, read once, is the one in `c`. */
export function holdsFields(decision: Decision, c: Readonly<Fields>): boolean {
  return (
    decision.type === c[0] &&
    decision.reason === c[1] &&
    decision.actionId === c[2] &&
    decision.policyName === c[3] &&
    decision.policyVersion === c[4] &&
    decision.mutations === c[5] &&
    decision.approval === c[6] &&
    decision.route === c[7] &&
    decision.sandbox === c[8] &&
    decision.audit === c[9] &&
    decision.effects === c[10] &&
    decision.limits === c[11] &&
    decision.labels === c[12] &&
    decision.metadata === c[13]
  );
}

/**
 * {@link holdsFields} of a plain allow's fields: a function of its own, so that its reads meet only plain allows
 * (whose fields but two are the prototype's) and stay monomorphic, where {@link holdsFields} meets decisions that
 * store every field.
 */
export function holdsPlainAllowFields(decision: Decision, c: Readonly<Fields>): boolean {
  return (
    decision.type === c[0] &&
    decision.reason === c[1] &&
    decision.actionId === c[2] &&
    decision.policyName === c[3] &&
    decision.policyVersion === c[4] &&
    decision.mutations === c[5] &&
    decision.approval === c[6] &&
    decision.route === c[7] &&
    decision.sandbox === c[8] &&
    decision.audit === c[9] &&
    decision.effects === c[10] &&
    decision.limits === c[11] &&
    decision.labels === c[12] &&
    decision.metadata === c[13]
  );
}

/** The fields of a decision made from `init`, checked (`isDecision`: whether an effect is a real decision). */
export function validFields(init: DecisionInit, isDecision: (value: unknown) => value is Decision): Fields {
  const valid = validateDecisionInit(init, isDecision);
  const { type, reason, actionId, policyName, policyVersion, mutations, approval, route, sandbox, audit } = valid;
  const effects = valid.effects as readonly Decision[] | undefined;
  return [
    type,
    reason,
    actionId,
    policyName,
    policyVersion,
    mutations,
    approval,
    route,
    sandbox,
    audit,
    effects,
    valid.limits,
    valid.labels,
    valid.metadata,
  ];
}
