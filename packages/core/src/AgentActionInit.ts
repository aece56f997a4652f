import type { ActionType, ApprovalView, SessionView } from '@brane/policy-engine';
import { BraneError, describeValue } from '@brane/errors';
import { parseOptions } from '@brane/policy-engine';
import { option } from '@brane/policy-engine';
import {
  defineCapability,
  isCapabilityDefinition,
  type CapabilityDefinition,
  type CapabilityOptions,
} from './CapabilityDefinition.js';
import { identityFields, type Identity, type IdentityFields } from './Identity.js';

/** What an {@link AgentAction} is built from in a test. Only `capability` is required. */
export interface AgentActionInit extends IdentityFields {
  /** A capability definition, or options to define one (`{ name: 'refund_customer', risk: 'high' }`). */
  readonly capability: CapabilityDefinition | CapabilityOptions;
  /** The arguments, by name. */
  readonly input?: Readonly<Record<string, unknown>> | undefined;
  readonly output?: unknown;
  /** Must match the capability's type when given (`tool_call` for a tool). */
  readonly actionType?: ActionType | undefined;
  readonly parentActionId?: string | undefined;
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /** The approval the action is resumed with, to test a policy's `ctx.approval` branch. */
  readonly approval?: ApprovalView | undefined;
  /** What its policies read of its session (`ctx.session`, `ctx.argLabels`), to test a session policy. */
  readonly session?: SessionView | undefined;
}

/** The parts of a test-built action, once validated. */
export interface ActionParts {
  readonly capability: CapabilityDefinition;
  readonly identity: Identity;
  readonly args: readonly unknown[];
}

const initSchema = option.strictObject({
  ...identityFields,
  capability: option.custom<unknown>((value) => typeof value === 'object' && value !== null, 'must be an object'),
  input: option.record().optional(),
  output: option.unknown().optional(),
  actionType: option.string().optional(),
  parentActionId: identityFields.traceId,
  metadata: option.record().optional(),
  approval: option
    .custom<ApprovalView>(
      (value) => typeof value === 'object' && value !== null && typeof (value as ApprovalView).approvalId === 'string',
      'must be an approval view with an `approvalId`',
    )
    .optional(),
  session: option
    .custom<SessionView>(
      (value) => typeof value === 'object' && value !== null && typeof (value as SessionView).labelsIn === 'function',
      'must be a session view (`has`, `count`, `last`, `labelsIn`)',
    )
    .optional(),
});

/** Validates what a test builds an action from, and returns its parts. */
export function fromInit(init: AgentActionInit): ActionParts {
  const parsed = parseOptions(initSchema, init, 'new AgentAction');
  const capability = isCapabilityDefinition(init.capability)
    ? init.capability
    : defineCapability(init.capability, undefined, 'new AgentAction: `capability`');
  if (parsed.actionType !== undefined && parsed.actionType !== `${capability.type}_call`) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `new AgentAction: \`actionType\` ${describeValue(parsed.actionType)} does not match the capability's type \`${capability.type}\` (expected \`${capability.type}_call\`)`,
    );
  }
  const identity: Identity = Object.freeze({
    agentId: parsed.agentId,
    principalId: parsed.principalId,
    tenantId: parsed.tenantId,
    environment: parsed.environment ?? 'dev',
    scopes: Object.freeze([...(parsed.scopes ?? [])]),
    traceId: parsed.traceId,
    sessionId: parsed.sessionId,
  });
  const input = parsed.input ?? {};
  const args = capability.params === undefined ? [input] : capability.params.map((name) => input[name]);
  return { capability, identity, args };
}
