import type { Decision } from './Decision.js';
import type { DecisionInit } from './DecisionInit.js';

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
