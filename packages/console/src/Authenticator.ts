import type { ApproverIdentity } from '@brane/approvals';

/** What a sign-in attempt gives: the fields of the sign-in form (a token) or of a provider's callback (a code). */
export type SignInFields = Readonly<Record<string, string>>;

/** The outcome of a sign-in attempt: data, so the page can say why it was refused. */
export type SignInResult =
  | { readonly type: 'signed_in'; readonly identity: Required<ApproverIdentity> }
  | {
      readonly type: 'refused';
      readonly reason: 'unknown' | 'used' | 'expired' | 'malformed';
      /** Whose token it was, when known (a used or expired one): counted against that user's sign-in limit. */
      readonly userId?: string | undefined;
    };

/**
 * Who a person is, proven once at sign-in. The console keeps its own session afterwards, and every decision is
 * taken as the {@link ApproverIdentity} the authenticator returned: its `id`, its `groups` (which the approval
 * service checks against `approverGroups` and `distinctApprover`) and `authenticatedBy`, recorded with the
 * decision. One-time tokens (`TokenAuthenticator`) ship; an OIDC provider is another implementation whose
 * `signIn` exchanges the callback's `code` for an identity (`authenticatedBy: 'oidc:<issuer>'`), with no change
 * to the approval model.
 */
export interface Authenticator {
  /** Recorded as the decision's `authenticatedBy`, such as `brane-console:token` or `oidc:https://login.acme.com`. */
  readonly method: string;
  /** Checks a sign-in attempt and returns the identity it proves, or why it is refused. Never throws for bad input. */
  signIn(fields: SignInFields): Promise<SignInResult>;
}
