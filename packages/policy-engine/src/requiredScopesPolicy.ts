import { Decision } from '@brane/decisions';
import { definePolicy } from './Policy.js';

/**
 * The built-in check behind a capability's `scopes`: it denies when the agent lacks one of them. It runs
 * before every other policy of a capability that declares scopes. Its allow does not count as a match, so a
 * runtime whose default is deny still denies when no policy of its own matches.
 */
export const requiredScopesPolicy = definePolicy({
  stage: 'before',
  target: '*',
  options: {
    name: 'brane.required_scopes',
    version: '1.0',
    description: 'Denies when the agent lacks a required scope',
  },
  declaredAt: 'requiredScopesPolicy',
  evaluate: (ctx) => {
    const missing = ctx.capability.scopes.filter((scope) => !ctx.agentHasScope(scope));
    if (missing.length === 0) return Decision.allow();
    return Decision.deny(
      `Agent lacks the scope${missing.length > 1 ? 's' : ''} ${missing.map((s) => `\`${s}\``).join(', ')} required by \`${ctx.capability.name}\``,
      { metadata: { missingScopes: missing } },
    );
  },
});
