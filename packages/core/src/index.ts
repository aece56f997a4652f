import './polyfillSymbolMetadata.js';

export { AgentAction } from './AgentAction.js';
export type { AgentActionInit } from './AgentAction.js';
export type { ActionRoute } from './ActionEnforcement.js';
export type { ApprovalOptions } from './ApprovalOptions.js';
export type { AuditOptions } from './audit/AuditOptions.js';
export { MAX_POLICY_OUTCOMES } from './audit/ActionRecordView.js';
export { MAX_ARGUMENT_DEPTH } from './snapshotArgs.js';
export { nestsDeeperThan } from './nestsDeeperThan.js';
export { refuseTooDeep } from './refuseTooDeep.js';
export type { Explanation, LimitExplanation, PolicyExplanation } from './explain.js';
export type { Approvals } from './Approvals.js';
export { AfterCapability } from './AfterCapability.js';
export { BeforeCapability } from './BeforeCapability.js';
export { Capability } from './Capability.js';
export type { CapabilityDecorator } from './Capability.js';
export { defineCapability, isCapabilityDefinition } from './CapabilityDefinition.js';
export type { CapabilityDefinition, CapabilityOptions, EffectOptions, RoutingOptions } from './CapabilityDefinition.js';
export { currentAction } from './currentAction.js';
export { declarationsOf } from './declarationsOf.js';
export type { ClassDeclarations } from './declarationsOf.js';
export { capabilityOf } from './gates.js';
export { parseIdentityFields } from './Identity.js';
export type { ContextOverrides, Identity, IdentityFields } from './Identity.js';
export type { PolicyDecorator, PolicyMethod } from './policyDecorator.js';
export { Runtime } from './Runtime.js';
export { registerDefaultStores } from './defaultStores.js';
export type { DefaultStores } from './defaultStores.js';
export { useFileStoreDefaults } from './useFileStoreDefaults.js';
export { useApprovals } from './features/useApprovals.js';
export { useAudit } from './features/useAudit.js';
export type { FeatureName, RuntimeFeature } from './features/RuntimeFeatures.js';
export type { RuntimeOptions } from './RuntimeOptions.js';
export type { SessionOptions } from './SessionOptions.js';
export { createSandboxFetch } from './sandbox/createSandboxFetch.js';
export type { SandboxFetchOptions } from './sandbox/createSandboxFetch.js';
export { checkSandboxPath } from './sandbox/checkSandboxPath.js';
export type { SandboxPathOptions } from './sandbox/checkSandboxPath.js';
export { sandboxFetch } from './sandbox/sandboxFetch.js';
export type { ChunkOf, StreamSource, StreamingFunction } from './streams/StreamingFunction.js';
export { generatorKind } from './streams/generatorKind.js';
export { sandboxPath } from './sandbox/sandboxPath.js';
export type { ValidationProblem, ValidationReport } from './ValidationReport.js';

import { useApprovals } from './features/useApprovals.js';
import { useAudit } from './features/useAudit.js';
import { useFileStoreDefaults } from './useFileStoreDefaults.js';

/**
 * Approvals, registered when this module is loaded. The call is pure for bundlers: an app bundled without
 * importing this name does not carry the approval service, and relies on it only after calling `useApprovals()`
 * (see Bundling in the README).
 */
export const approvalFeature = /* @__PURE__ */ useApprovals();

/**
 * The audit trail, registered when this module is loaded. The call is pure for bundlers: an app bundled without
 * importing this name does not carry the dispatcher and masking, and relies on them only after calling
 * `useAudit()` (see Bundling in the README).
 */
export const auditFeature = /* @__PURE__ */ useAudit();

/**
 * The file stores registered as defaults when this module is loaded (`approvals: {}`, `audit: {}`). The call is
 * pure for bundlers: an app bundled without importing this name does not carry the file stores, and relies on
 * them only after calling `useFileStoreDefaults()` (see Bundling in the README).
 */
export const fileStoreDefaults = /* @__PURE__ */ useFileStoreDefaults();
