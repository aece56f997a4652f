import { AfterCapability, Decision, type PolicyContext } from '@brane/sdk';

/** Every email address in a customer record returned by `lookup_customer`. */
export const CUSTOMER_EMAIL_PATHS = ['email', 'contacts[].email', 'orders[].receiptEmail'] as const;

/** The scope that lets a caller see customers' email addresses. */
export const PII_READ_SCOPE = 'pii:read';

/**
 * What `lookup_customer` returns to whom. After-policies: they see the record the CRM returned, and their
 * redactions change only what the caller gets. The supervisors come in through the constructor.
 */
export class PiiPolicies {
  constructor(private readonly supervisors: ReadonlySet<string>) {}

  @AfterCapability('lookup_customer', {
    name: 'mask_customer_emails',
    version: '1.0',
    description: 'Email addresses are masked unless the caller holds the pii:read scope',
  })
  maskEmails(ctx: PolicyContext): Decision {
    if (ctx.agentHasScope(PII_READ_SCOPE)) return Decision.allow();
    return Decision.redact(CUSTOMER_EMAIL_PATHS, { reason: `Emails are masked without the ${PII_READ_SCOPE} scope` });
  }

  @AfterCapability('lookup_customer', {
    name: 'supervisor_only_notes',
    version: '1.0',
    description: 'Internal notes are removed unless the caller is a support supervisor',
  })
  removeInternalNotes(ctx: PolicyContext): Decision {
    if (ctx.principalId !== undefined && this.supervisors.has(ctx.principalId)) return Decision.allow();
    return Decision.redact([{ path: 'internalNotes', action: 'remove' }], {
      reason: 'Internal notes are for support supervisors only',
    });
  }
}

/** The supervisors of the example. In production they come from your identity provider. */
export const exampleSupervisors: ReadonlySet<string> = new Set(['user_sam']);
