import type { ApprovalService } from '@brane/approvals';
import { ApprovalFlow } from '../ApprovalFlow.js';
import { approvalsOf } from '../Approvals.js';
import { createApprovalService, requireSecretFor } from '../createApprovalService.js';
import { registerFeature, type ApprovalsFeature, type RuntimeFeature } from './RuntimeFeatures.js';

const approvalsFeature: ApprovalsFeature = Object.freeze({
  name: 'approvals',
  check: (options) => {
    requireSecretFor(options.store, options.secret);
  },
  create: (options, policies, audit) => {
    let service: Promise<ApprovalService> | undefined;
    const lazyService = (): Promise<ApprovalService> => (service ??= createApprovalService(options));
    return {
      gate: new ApprovalFlow(lazyService, policies, audit),
      approvals: approvalsOf(lazyService, audit),
      service: lazyService,
      wait: options.wait ?? false,
      close: () => options.store?.close?.(),
    };
  },
} satisfies ApprovalsFeature);

/**
 * Registers approvals (`approvals` options, decisions that require an approval, `runtime.approvals`,
 * `runtime.resume`) for every runtime made from now on. Node does this when it loads Brane; an app bundled
 * without it calls it once at start. Calling it again changes nothing.
 *
 * @example
 * import { useApprovals, Runtime, InMemoryApprovalStore } from '@brane/sdk';
 * useApprovals();
 * const runtime = new Runtime({ approvals: { store: new InMemoryApprovalStore() } });
 */
export function useApprovals(): RuntimeFeature {
  return registerFeature(approvalsFeature);
}
