import { BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';

/** The security team's guardrail for every agent: no high or critical risk capability runs in prod. */
export class SecurityTeamPolicies {
  @BeforeCapability('*', {
    name: 'block_high_risk_in_prod',
    version: '1.0',
    priority: 1000,
    source: 'security-team',
    description: 'High and critical risk capabilities need an approved workflow in prod',
  })
  blockHighRiskInProd(ctx: PolicyContext): Decision {
    if (ctx.isProd && ctx.isHighRisk) {
      return Decision.deny(
        'High-risk capability use is not allowed in prod without an approved workflow ' +
          `(\`${ctx.capability.name}\` is ${ctx.capability.risk} risk)`,
      );
    }
    return Decision.allow();
  }
}
