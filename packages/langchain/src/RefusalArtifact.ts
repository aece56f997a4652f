import type { PendingApproval } from './PendingApproval.js';

/**
 * The `artifact` of the `ToolMessage` a governed tool answers with when the call did not run (or its result
 * was withheld): what Brane decided, as data for the application. The model sees only the message's text.
 */
export interface RefusalArtifact {
  readonly brane:
    | {
        readonly outcome: 'denied';
        readonly reason: string;
        readonly policyName: string | undefined;
        readonly actionId: string;
        /** `before`: the tool never ran. `after`: it ran, and its result was withheld. */
        readonly stage: 'before' | 'after';
      }
    | { readonly outcome: 'approval_required'; readonly approval: PendingApproval }
    | { readonly outcome: 'not_approved'; readonly approvalId: string; readonly reason: string };
}
