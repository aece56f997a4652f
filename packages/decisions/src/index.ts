export { Decision } from './Decision.js';
export type { DecisionAttribution, DecisionInit, DecisionJSON, DecisionPayload } from './Decision.js';
export { DECISION_TYPES, ENFORCED_DECISION_TYPES, isDecisionType } from './DecisionType.js';
export type { DecisionType } from './DecisionType.js';
export { composeDecisions, composeNext, isFinalDecision } from './composeDecisions.js';
export { newUlid } from './newUlid.js';
