import { BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';

/**
 * Two policies that read the session, not just the call: one on what the session has seen (session taint), one on
 * what the call's arguments carry (value taint).
 */
export class ExfiltrationPolicies {
  @BeforeCapability('send_email', {
    name: 'no_external_after_injection_with_secrets',
    version: '1.0',
    description: 'No external communication once the session read untrusted content while it holds a secret',
  })
  noExternalAfterInjection(ctx: PolicyContext): Decision {
    const external = ctx.capability.effect?.external === true;
    if (external && ctx.session.has({ label: 'untrusted' }) && ctx.session.has({ label: 'secret' })) {
      return Decision.deny('This session read untrusted content while holding a secret: external communication is off');
    }
    return Decision.allow();
  }

  @BeforeCapability('send_email', {
    name: 'no_customer_data_in_email',
    version: '1.0',
    description: 'An email whose body carries values of a pii output is denied',
  })
  noCustomerDataInEmail(ctx: PolicyContext): Decision {
    if (ctx.argLabels('body').includes('pii')) {
      return Decision.deny('The email body carries customer data read earlier in this session');
    }
    return Decision.allow();
  }
}
