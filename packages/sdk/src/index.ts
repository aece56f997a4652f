/**
 * Brane for TypeScript: the one import for governing what AI agents can do. Re-exports the public API of
 * `@brane/core`, `@brane/decisions`, `@brane/errors` and `@brane/policy-engine`. Test helpers live in
 * `@brane/sdk/testing`, so that production code never loads jest matchers.
 */
export {
  AfterCapability,
  AgentAction,
  BeforeCapability,
  Capability,
  Runtime,
  capabilityOf,
  currentAction,
  defineCapability,
  isCapabilityDefinition,
  parseIdentityFields,
} from '@brane/core';
export type {
  AgentActionInit,
  CapabilityDecorator,
  CapabilityDefinition,
  CapabilityOptions,
  ContextOverrides,
  EffectOptions,
  Identity,
  IdentityFields,
  PolicyDecorator,
  PolicyMethod,
  RuntimeOptions,
  ValidationProblem,
  ValidationReport,
} from '@brane/core';
export {
  DECISION_TYPES,
  Decision,
  ENFORCED_DECISION_TYPES,
  composeDecisions,
  composeNext,
  isDecisionType,
  isFinalDecision,
} from '@brane/decisions';
export type { DecisionAttribution, DecisionInit, DecisionJSON, DecisionPayload, DecisionType } from '@brane/decisions';
export {
  BRANE_ERROR_CODES,
  BraneError,
  CapabilityDeniedError,
  ConfigurationError,
  PolicyEvaluationError,
} from '@brane/errors';
export type { BraneErrorCode, ConfigurationErrorCode, DecisionRecord, PolicyFailureCode } from '@brane/errors';
export {
  CAPABILITY_TYPES,
  EFFECT_TYPES,
  ENVIRONMENTS,
  PolicyContext,
  RISK_LEVELS,
  grantsScope,
} from '@brane/policy-engine';
export type {
  ActionInfo,
  ActionType,
  CapabilityInfo,
  CapabilityType,
  Effect,
  EffectType,
  Environment,
  Policy,
  PolicyContextInit,
  PolicyFunction,
  PolicyOptions,
  PolicyStage,
  PolicyTarget,
  RiskLevel,
} from '@brane/policy-engine';
