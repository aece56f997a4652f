import { ConfigurationError } from '@brane/errors';
import { approvalFeature, auditFeature, useApprovals, useAudit, useFileStoreDefaults } from '@brane/core';
import {
  featureNotLoaded,
  featureOf,
  replaceFeature,
  requireFeature,
  type FeatureName,
} from '../../src/features/RuntimeFeatures.js';

const NAMES: readonly FeatureName[] = ['approvals', 'audit'];

describe('the runtime feature registry', () => {
  afterEach(() => {
    useApprovals();
    useAudit();
  });

  it('holds approvals and the audit trail once Brane is loaded, as Node loads it', () => {
    expect(featureOf('approvals')).toBe(approvalFeature);
    expect(featureOf('audit')).toBe(auditFeature);
    expect(approvalFeature.name).toBe('approvals');
    expect(auditFeature.name).toBe('audit');
  });

  it('registers the same feature however often useApprovals() and useAudit() are called', () => {
    expect(useApprovals()).toBe(useApprovals());
    expect(useAudit()).toBe(useAudit());
    expect(featureOf('approvals')).toBe(approvalFeature);
    expect(featureOf('audit')).toBe(auditFeature);
  });

  it.each(NAMES)('has no %s once a test removes it, and useFileStoreDefaults() registers it again', (name) => {
    const previous = replaceFeature(name, undefined);

    expect(previous?.name).toBe(name);
    expect(featureOf(name)).toBeUndefined();
    expect(() => requireFeature(name, 'somewhere')).toThrow(ConfigurationError);
    useFileStoreDefaults();
    expect(featureOf(name)).toBe(previous);
  });

  it.each([
    ['approvals', 'useApprovals()'],
    ['audit', 'useAudit()'],
  ] as const)('names the call to add when %s is missing: %s', (name, call) => {
    const error = featureNotLoaded(name, 'new Runtime: the `x` option');

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.code).toBe('FEATURE_NOT_LOADED');
    expect(error.message).toContain('new Runtime: the `x` option');
    expect(error.message).toContain(`\`${call}\``);
    expect(error.message).toContain(`the ${name} feature, which is not in this bundle`);
  });

  it('returns the registered feature from requireFeature', () => {
    expect(requireFeature('approvals', 'here')).toBe(approvalFeature);
    expect(requireFeature('audit', 'here')).toBe(auditFeature);
  });
});
