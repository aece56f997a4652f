import { Runtime, type RuntimeOptions } from '@brane/sdk';
import { SecurityTeamPolicies } from './SecurityTeamPolicies.js';

const securityTeamPolicies = new SecurityTeamPolicies();

/**
 * Creates the runtime of one agent, with the security team's policies already registered. Every agent's
 * runtime comes from here, so no agent can be deployed without them.
 */
export function createAgentRuntime(options: RuntimeOptions): Runtime {
  const runtime = new Runtime(options);
  runtime.use(securityTeamPolicies);
  return runtime;
}
