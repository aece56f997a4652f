import type { ApprovalService } from '@brane/approvals';
import { ConfigurationError } from '@brane/errors';
import type { PolicyRegistry } from '@brane/policy-engine';
import type { ApprovalOptions } from '../ApprovalOptions.js';
import type { Approvals } from '../Approvals.js';
import type { AuditOptions } from '../audit/AuditOptions.js';
import type { AuditTrail } from '../audit/AuditTrail.js';
import type { ApprovalGate } from './ApprovalGate.js';

/**
 * A part of the runtime that is registered rather than imported, so that a bundled app that never uses it does
 * not carry it: `useApprovals()`, `useAudit()`. Node, jest and ts-node register every feature when they load
 * `@brane/core`.
 */
export interface RuntimeFeature {
  /** Which feature: `approvals` or `audit`. */
  readonly name: FeatureName;
}

/** The features a runtime reaches through the registry. */
export type FeatureName = 'approvals' | 'audit';

/** A runtime's approvals, made by the approvals feature from its options. */
export interface RuntimeApprovals {
  /** What enforcement uses: request, wait for, and resume approvals. */
  readonly gate: ApprovalGate;
  /** `runtime.approvals`. */
  readonly approvals: Approvals;
  /** The approval service (made on first use). */
  service(): Promise<ApprovalService>;
  /** Whether an async call waits in-process for a human's decision (`approvals: { wait: true }`). */
  readonly wait: boolean;
  /** Closes the store given in the options (it releases only what it opened itself). */
  close(): Promise<void> | undefined;
}

/** The approvals feature: how a runtime makes its approvals. */
export interface ApprovalsFeature extends RuntimeFeature {
  readonly name: 'approvals';
  /** Refuses `options` that cannot work (a store of your own needs a secret), before anything is made. */
  check(options: ApprovalOptions): void;
  /** Makes the runtime's approvals; the service and its store are made on first use. */
  create(options: ApprovalOptions, policies: PolicyRegistry, audit: AuditTrail | undefined): RuntimeApprovals;
}

/** The audit feature: how a runtime makes its audit trail. */
export interface AuditFeature extends RuntimeFeature {
  readonly name: 'audit';
  /** The runtime's audit trail, from its options (its sinks are checked now). */
  create(options: AuditOptions): AuditTrail;
}

interface Features {
  approvals: ApprovalsFeature;
  audit: AuditFeature;
}

const registered: { [K in FeatureName]?: Features[K] } = {};

/** Registers `feature` for every runtime made from now on (the same one again is a no-op), and returns it. */
export function registerFeature<K extends FeatureName>(feature: Features[K]): Features[K] {
  (registered as Record<K, Features[K]>)[feature.name as K] = feature;
  return feature;
}

/** The registered feature `name`, or `undefined` when a bundler dropped its registration. */
export function featureOf<K extends FeatureName>(name: K): Features[K] | undefined {
  return registered[name];
}

/** The call that registers each feature, as a bundled app is told to add it. */
const CALLS: Record<FeatureName, string> = { approvals: 'useApprovals()', audit: 'useAudit()' };

/**
 * The error of a runtime that needs feature `name` where a bundler left it out: `where` says what needed it. A
 * `ConfigurationError` (`FEATURE_NOT_LOADED`) that names the call to add.
 */
export function featureNotLoaded(name: FeatureName, where: string): ConfigurationError {
  return new ConfigurationError(
    'FEATURE_NOT_LOADED',
    `${where} needs the ${name} feature, which is not in this bundle (a bundler drops it when nothing registers it): call \`${CALLS[name]}\` from \`@brane/sdk\` once at start`,
  );
}

/** Feature `name`, or the error naming the call to add when it is not registered. */
export function requireFeature<K extends FeatureName>(name: K, where: string): Features[K] {
  const feature = registered[name];
  if (feature === undefined) throw featureNotLoaded(name, where);
  return feature;
}

/**
 * For tests only (not exported from the package): replaces feature `name` (`undefined`: as in a bundle without
 * it) and returns the one it replaced, to restore.
 */
export function replaceFeature<K extends FeatureName>(
  name: K,
  feature: Features[K] | undefined,
): Features[K] | undefined {
  const previous = registered[name];
  (registered as Record<K, Features[K] | undefined>)[name] = feature;
  return previous;
}
