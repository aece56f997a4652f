export { createPolicyContext } from './createPolicyContext.js';
export type { CapabilityLike, TestContextOptions } from './createPolicyContext.js';
export { decisionMatchers } from './decisionMatchers.js';
export type { DecisionMatchers, MatcherResult } from './decisionMatchers.js';
export type { TestSessionEntry, TestSessionOptions } from './testSession.js';
