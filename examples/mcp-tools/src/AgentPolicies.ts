import { BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';

/** The agent's own policies, on its calls to external MCP servers. */
export class AgentPolicies {
  @BeforeCapability('*', { name: 'no_critical_mcp_in_prod', version: '1.0' })
  noCriticalInProd(ctx: PolicyContext): Decision {
    if (ctx.capability.type === 'mcp' && ctx.isProd && ctx.capability.risk === 'critical') {
      return Decision.deny(`${ctx.capability.name} is critical, and not allowed in prod`);
    }
    return Decision.allow();
  }
}
