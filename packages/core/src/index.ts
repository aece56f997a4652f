import './polyfillSymbolMetadata.js';

export { AgentAction } from './AgentAction.js';
export type { AgentActionInit } from './AgentAction.js';
export { AfterCapability } from './AfterCapability.js';
export { BeforeCapability } from './BeforeCapability.js';
export { Capability } from './Capability.js';
export type { CapabilityDecorator } from './Capability.js';
export { defineCapability, isCapabilityDefinition } from './CapabilityDefinition.js';
export type { CapabilityDefinition, CapabilityOptions, EffectOptions } from './CapabilityDefinition.js';
export { currentAction } from './currentAction.js';
export { capabilityOf } from './gates.js';
export { parseIdentityFields } from './Identity.js';
export type { ContextOverrides, Identity, IdentityFields } from './Identity.js';
export type { PolicyDecorator, PolicyMethod } from './policyDecorator.js';
export { Runtime } from './Runtime.js';
export type { RuntimeOptions } from './RuntimeOptions.js';
export type { ValidationProblem, ValidationReport } from './ValidationReport.js';
