import { runInThisContext } from 'node:vm';
import type { Decision } from '@brane/decisions';
import { BraneError } from '@brane/errors';
import {
  PolicyContext,
  definePolicy,
  type ActionInfo,
  type CapabilityInfo,
  type Policy,
  type PolicyContextInit,
  type PolicyFunction,
  type PolicyOptions,
  type PolicyStage,
  type PolicyTarget,
} from '@brane/policy-engine';

/** A capability as `@brane/core` would normalise it: `refund_customer(customerId, amountUsd, reason)`. */
export function makeCapability(overrides: Partial<CapabilityInfo> = {}): CapabilityInfo {
  return {
    name: 'refund_customer',
    type: 'tool',
    risk: 'high',
    effect: undefined,
    sideEffects: [],
    scopes: [],
    dataNamespace: 'billing.refunds',
    owner: 'payments-team',
    description: undefined,
    metadata: {},
    params: ['customerId', 'amountUsd', 'reason'],
    ...overrides,
  };
}

/** An action for a capability, satisfying ActionInfo without `@brane/core`. */
export function makeAction(overrides: Partial<ActionInfo> = {}): ActionInfo {
  return {
    actionId: '01JACTION00000000000000001',
    traceId: 'trace_1',
    parentActionId: undefined,
    actionType: 'tool_call',
    timestamp: '2025-01-01T00:00:00.000Z',
    agentId: 'support-agent',
    principalId: 'user_42',
    tenantId: 'tenant_acme',
    environment: 'dev',
    scopes: [],
    capability: makeCapability(),
    input: { customerId: 'cust_123', amountUsd: 75, reason: '' },
    output: undefined,
    metadata: {},
    ...overrides,
  };
}

/** A before-stage context for `makeAction(action)`, with the other init fields given. */
export function makeContext(
  action: Partial<ActionInfo> = {},
  init: Omit<PolicyContextInit, 'action'> = {},
): PolicyContext {
  return new PolicyContext({ ...init, action: makeAction(action) });
}

/** A policy built through definePolicy, targeting `refund_customer` before it runs unless told otherwise. */
export function makePolicy(
  name: string,
  evaluate: PolicyFunction,
  options: PolicyOptions & { readonly target?: PolicyTarget; readonly stage?: PolicyStage } = {},
): Policy {
  const { target = 'refund_customer', stage = 'before', ...rest } = options;
  return definePolicy({ stage, target, options: { name, ...rest }, evaluate, declaredAt: `test policy ${name}` });
}

/** A policy function that records that it ran, then returns `decision`. */
export function recording(calls: string[], label: string, decision: () => Decision): PolicyFunction {
  return () => {
    calls.push(label);
    return decision();
  };
}

/** Runs `fn` and returns the BraneError it throws; fails the test if it throws anything else or nothing. */
export function thrownBy(fn: () => unknown): BraneError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BraneError) return error;
    throw new Error(`expected a BraneError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a BraneError, but nothing was thrown');
}

/**
 * Collects unhandled promise rejections until `stop` is called. Jest gives each test file its own copy of
 * `process`, while Node emits `unhandledRejection` on the real one, reached here through `vm`. With
 * `exclusive`, the other listeners (Jest's, which fail the running test) are detached until `stop`.
 */
export function watchUnhandledRejections(exclusive = false): { readonly reasons: unknown[]; stop(): void } {
  const realProcess = runInThisContext('process') as NodeJS.Process;
  const others = exclusive ? realProcess.listeners('unhandledRejection') : [];
  for (const other of others) realProcess.off('unhandledRejection', other);
  const reasons: unknown[] = [];
  const listener = (reason: unknown): void => {
    reasons.push(reason);
  };
  realProcess.on('unhandledRejection', listener);
  return {
    reasons,
    stop: () => {
      realProcess.off('unhandledRejection', listener);
      for (const other of others) realProcess.on('unhandledRejection', other);
    },
  };
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
