export { createPolicyContext, decisionMatchers } from '@brane/testing';
export type { CapabilityLike, DecisionMatchers, MatcherResult, TestContextOptions } from '@brane/testing';
