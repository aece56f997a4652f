export { createPolicyContext, decisionMatchers } from '@brane/testing';
export type {
  CapabilityLike,
  DecisionMatchers,
  MatcherResult,
  TestContextOptions,
  TestSessionEntry,
  TestSessionOptions,
} from '@brane/testing';
