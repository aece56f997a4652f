import type { Approvals } from '../Approvals.js';
import type { ApprovalGate } from './ApprovalGate.js';
import { featureNotLoaded, type RuntimeApprovals } from './RuntimeFeatures.js';

/**
 * The approvals of a runtime bundled without the approvals feature: every use refuses with a
 * `ConfigurationError` (`FEATURE_NOT_LOADED`) naming `useApprovals()`. A decision that needs an approval is
 * refused (thrown, or rejected for an async capability), never run.
 */
export function absentApprovals(): RuntimeApprovals {
  const refuse = (where: string): never => {
    throw featureNotLoaded('approvals', where);
  };
  const rejected = (where: string): Promise<never> => Promise.reject(featureNotLoaded('approvals', where));
  const decision = 'A decision that requires an approval';
  const gate: ApprovalGate = {
    remainder: () => refuse(decision),
    request: () => refuse(decision),
    waitFor: () => rejected('Waiting for an approval'),
    resume: () => rejected('runtime.resume'),
  };
  const approvals: Approvals = Object.freeze({
    approve: () => rejected('runtime.approvals.approve'),
    reject: () => rejected('runtime.approvals.reject'),
    withdraw: () => rejected('runtime.approvals.withdraw'),
    get: () => rejected('runtime.approvals.get'),
    list: () => rejected('runtime.approvals.list'),
    page: () => rejected('runtime.approvals.page'),
  });
  return {
    gate,
    approvals,
    service: () => rejected('runtime.resume'),
    wait: false,
    close: () => undefined,
  };
}
