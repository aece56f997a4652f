import '@brane/sdk/jest';
import { RISK_LEVELS } from '@brane/sdk';
import { createPolicyContext } from '@brane/sdk/testing';
import { DevOpsAgent } from '../src/DevOpsAgent.js';
import { ResearchAgent } from '../src/ResearchAgent.js';
import { SecurityTeamPolicies } from '../src/SecurityTeamPolicies.js';
import { SupportAgent } from '../src/SupportAgent.js';

const policies = new SecurityTeamPolicies();
const denial = /not allowed in prod without an approved workflow/;

describe('block_high_risk_in_prod', () => {
  it.each([
    ['prod', 'none', 'allow'],
    ['prod', 'low', 'allow'],
    ['prod', 'medium', 'allow'],
    ['prod', 'high', 'deny'],
    ['prod', 'critical', 'deny'],
    ...(['staging', 'test', 'dev'] as const).flatMap((environment) =>
      RISK_LEVELS.map((risk) => [environment, risk, 'allow'] as const),
    ),
  ] as const)('in %s, a %s-risk capability: %s', (environment, risk, expected) => {
    const decision = policies.blockHighRiskInProd(
      createPolicyContext({ name: 'any_capability', risk }, {}, { environment }),
    );
    if (expected === 'allow') expect(decision).toAllow();
    else expect(decision).toDeny(`\`any_capability\` is ${risk} risk`);
  });

  it('allows a capability that declares no risk, even in prod: the default risk is medium', () => {
    expect(policies.blockHighRiskInProd(createPolicyContext('undeclared', {}, { environment: 'prod' }))).toAllow();
  });
});

describe("block_high_risk_in_prod on the agents' real capabilities", () => {
  it.each([
    { environment: 'prod', expected: 'allow', method: SupportAgent.prototype.lookupOrder, args: ['ord_1'] },
    { environment: 'prod', expected: 'deny', method: SupportAgent.prototype.refundCustomer, args: ['cust_1', 40] },
    { environment: 'prod', expected: 'allow', method: DevOpsAgent.prototype.restartService, args: ['billing-api'] },
    { environment: 'prod', expected: 'deny', method: DevOpsAgent.prototype.deleteDatabase, args: ['customers'] },
    { environment: 'prod', expected: 'allow', method: ResearchAgent.prototype.webSearch, args: ['agents'] },
    { environment: 'staging', expected: 'allow', method: SupportAgent.prototype.refundCustomer, args: ['cust_1', 40] },
    { environment: 'staging', expected: 'allow', method: DevOpsAgent.prototype.deleteDatabase, args: ['customers'] },
  ] as const)('$method.name in $environment: $expected', ({ environment, expected, method, args }) => {
    const ctx = createPolicyContext(method, args, { agentId: 'any-agent', environment });
    if (expected === 'allow') expect(policies.blockHighRiskInProd(ctx)).toAllow();
    else expect(policies.blockHighRiskInProd(ctx)).toDeny(denial);
  });
});
