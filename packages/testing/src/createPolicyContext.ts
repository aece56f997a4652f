import {
  AgentAction,
  capabilityOf,
  defineCapability,
  isCapabilityDefinition,
  type CapabilityDefinition,
  type CapabilityOptions,
} from '@brane/core';
import { BraneError, describeValue } from '@brane/errors';
import { PolicyContext, type Environment, type PolicyStage } from '@brane/policy-engine';

/** The capability to build a context for: its name, options, definition, or a `@Capability` method. */
export type CapabilityLike = string | CapabilityOptions | CapabilityDefinition | ((...args: never[]) => unknown);

/** Identity and stage of a test context. All optional; the environment defaults to `dev`. */
export interface TestContextOptions {
  readonly agentId?: string;
  readonly principalId?: string;
  readonly tenantId?: string;
  readonly environment?: Environment;
  readonly scopes?: readonly string[];
  readonly traceId?: string;
  /** Default `before`; `after` requires nothing else, but usually comes with `output`. */
  readonly stage?: PolicyStage;
  /** The capability's output, for an after-policy. */
  readonly output?: unknown;
  /** Runtime metadata, as `ctx.metadata`. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * Builds a {@link PolicyContext} for a capability, its arguments and an identity in one call, to test a
 * policy without a Runtime. Given a `@Capability` method (or governed function), the context uses that
 * capability's real metadata and argument names, and positional arguments are named as the runtime would.
 *
 * @example
 * const ctx = createPolicyContext(SupportAgent.prototype.refundCustomer, ['cust_1', 250], { tenantId: 'tenant_acme', environment: 'prod' });
 * expect(policies.amountLimit(ctx)).toDeny(/exceeds/);
 */
export function createPolicyContext(
  capability: CapabilityLike,
  args: Readonly<Record<string, unknown>> | readonly unknown[] = {},
  options: TestContextOptions = {},
): PolicyContext {
  const definition = resolveCapability(capability);
  const { stage = 'before', output, metadata, ...identity } = options;
  const action = new AgentAction({
    ...identity,
    capability: definition,
    input: namedArgs(definition, args),
    ...(stage === 'after' ? { output } : {}),
  });
  return new PolicyContext({ action, stage, output: stage === 'after' ? output : undefined, metadata });
}

function resolveCapability(capability: CapabilityLike): CapabilityDefinition {
  if (typeof capability === 'string') return defineCapability({ name: capability }, undefined, 'createPolicyContext');
  if (typeof capability === 'function') {
    const definition = capabilityOf(capability);
    if (definition === undefined) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `createPolicyContext: ${describeValue(capability)} is not a @Capability method or a governed function`,
      );
    }
    return definition;
  }
  if (isCapabilityDefinition(capability)) return capability;
  return defineCapability(capability, undefined, 'createPolicyContext');
}

function namedArgs(
  definition: CapabilityDefinition,
  args: Readonly<Record<string, unknown>> | readonly unknown[],
): Record<string, unknown> {
  if (!Array.isArray(args)) return { ...(args as Readonly<Record<string, unknown>>) };
  const params = definition.params;
  if (params === undefined) {
    const [input] = args;
    if (args.length === 1 && typeof input === 'object' && input !== null) return { ...(input as object) };
    throw new BraneError(
      'INVALID_ARGUMENT',
      `createPolicyContext: \`${definition.name}\` declares no argument names, so positional arguments cannot be named; pass a record (\`{ amountUsd: 250 }\`), or the @Capability method instead of its name`,
    );
  }
  if (args.length > params.length) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `createPolicyContext: \`${definition.name}\` takes ${params.length} argument(s) (${params.join(', ')}), got ${args.length}`,
    );
  }
  return Object.fromEntries(params.map((name, i) => [name, args[i]]));
}
