import { ENVIRONMENTS, isValidScope, parseOptions, type Environment } from '@brane/policy-engine';
import { option } from '@brane/policy-engine';
import { SESSION_ID_MAX_LENGTH, isSessionId } from '@brane/sessions';

/** Who and where an action runs as: the agent, the principal it acts for, the tenant, the environment. */
export interface Identity {
  readonly agentId: string | undefined;
  /** The user or service the agent acts for. */
  readonly principalId: string | undefined;
  readonly tenantId: string | undefined;
  readonly environment: Environment;
  /** The scopes granted to the agent. */
  readonly scopes: readonly string[];
  /** Set to join actions to an existing trace; otherwise each top-level action starts one. */
  readonly traceId: string | undefined;
  /**
   * The session (one agent run or conversation) the actions belong to: the runtime records each executed
   * action of a session, and policies read it as `ctx.session`. `undefined`: no session, nothing recorded.
   */
  readonly sessionId: string | undefined;
}

/** The identity fields `runtime.withContext` can override for the duration of a call, and the request's signal. */
export interface ContextOverrides {
  readonly tenantId?: string | undefined;
  readonly principalId?: string | undefined;
  readonly scopes?: readonly string[] | undefined;
  readonly traceId?: string | undefined;
  /** The session (agent run, conversation, thread) the actions belong to; `undefined` clears it. */
  readonly sessionId?: string | undefined;
  /**
   * The request's `AbortSignal` (`req.signal`, an MCP request's `extra.signal`). A call that waits for an
   * approval (`approvals: { wait: true }`) stops waiting when it aborts, and its request is withdrawn: it never
   * runs. An async call that holds limits is cancelled when it aborts: rejected with its reason, its body's
   * `action.signal` aborted, its `concurrent` slots released. Combined with any enclosing `withContext` signal: the
   * call is abandoned when any of them aborts.
   */
  readonly signal?: AbortSignal | undefined;
}

const id = option.string().min(1).regex(/^\S+$/, 'must not contain spaces');
/** A session id every session store keeps apart (see `checkSessionId` of `@brane/sessions`). */
const sessionId = option
  .string()
  .min(1)
  .max(SESSION_ID_MAX_LENGTH)
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  .regex(/^[^\s\u0000-\u001f\u007f-\u009f\p{Cs}]+$/u, 'must not contain spaces, control characters or lone surrogates');

/** Schemas of each identity field, shared by the runtime options, `withContext` and `AgentAction`. */
export const identityFields = {
  agentId: id.optional(),
  principalId: id.optional(),
  tenantId: id.optional(),
  environment: option.enum(ENVIRONMENTS).optional(),
  scopes: option
    .array(option.string().refine(isValidScope, 'must be a scope such as `refunds:create` or `refunds:*`'))
    .optional(),
  traceId: id.optional(),
  sessionId: sessionId.optional(),
};

/** Identity fields as a caller gives them: each optional. */
export interface IdentityFields {
  readonly agentId?: string | undefined;
  /** The user or service the agent acts for. */
  readonly principalId?: string | undefined;
  readonly tenantId?: string | undefined;
  /** Default `dev`; only `prod` makes `ctx.isProd` true. */
  readonly environment?: Environment | undefined;
  readonly scopes?: readonly string[] | undefined;
  readonly traceId?: string | undefined;
  /** The session the actions belong to. */
  readonly sessionId?: string | undefined;
}

const identitySchema = option.strictObject(identityFields);

/**
 * Validates identity fields as the runtime does (ids without spaces, a known environment, well-formed
 * scopes, no unknown keys) and returns them; errors are prefixed with `where`.
 */
export function parseIdentityFields(value: unknown, where: string): IdentityFields {
  return parseOptions(identitySchema, value, where);
}

/** Validates `withContext` overrides: only these fields, each well formed. */
export const contextOverridesSchema = option.strictObject({
  tenantId: identityFields.tenantId,
  principalId: identityFields.principalId,
  scopes: identityFields.scopes,
  traceId: identityFields.traceId,
  sessionId: identityFields.sessionId,
  signal: option.instanceOf(AbortSignal, 'must be an AbortSignal').optional(),
});

const ID = /^\S+$/;
const isId = (value: unknown): boolean => value === undefined || (typeof value === 'string' && ID.test(value));
const OVERRIDE_KEYS: ReadonlySet<string> = new Set([
  'tenantId',
  'principalId',
  'scopes',
  'traceId',
  'sessionId',
  'signal',
]);

/**
 * Validates `withContext` overrides. `withContext` runs once per request, so well-formed overrides are
 * checked by hand (about 30 times faster than the schema); anything else goes through the schema, which
 * produces the error. The hand check is never more lenient than the schema (a test compares them).
 */
export function parseContextOverrides(value: unknown, where: string): ContextOverrides {
  if (isWellFormedOverrides(value)) return value;
  return parseOptions(contextOverridesSchema, value, where);
}

function isWellFormedOverrides(value: unknown): value is ContextOverrides {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key of Object.keys(value)) if (!OVERRIDE_KEYS.has(key)) return false;
  const { tenantId, principalId, traceId, sessionId, scopes, signal } = value as Record<string, unknown>;
  return (
    isId(tenantId) &&
    isId(principalId) &&
    isId(traceId) &&
    (sessionId === undefined || isSessionId(sessionId)) &&
    (signal === undefined || signal instanceof AbortSignal) &&
    (scopes === undefined || (Array.isArray(scopes) && scopes.every((scope) => isValidScope(scope))))
  );
}

/**
 * Merges overrides into an identity: a field the overrides name replaces the base's, even when its value is
 * `undefined` (which clears it: no tenant, no principal, no scopes, a new trace, no session); fields they do not name are
 * kept. A named field never falls back, so `{ principalId: req.user }` for an anonymous request runs with no
 * principal, never as the runtime's or an enclosing request's.
 */
export function overrideIdentity(base: Identity, overrides: ContextOverrides): Identity {
  const named = (key: keyof ContextOverrides): boolean => Object.hasOwn(overrides, key);
  const scopes = overrides.scopes;
  return Object.freeze({
    agentId: base.agentId,
    environment: base.environment,
    principalId: named('principalId') ? overrides.principalId : base.principalId,
    tenantId: named('tenantId') ? overrides.tenantId : base.tenantId,
    scopes: !named('scopes') ? base.scopes : Object.freeze(scopes === undefined ? [] : [...scopes]),
    traceId: named('traceId') ? overrides.traceId : base.traceId,
    sessionId: named('sessionId') ? overrides.sessionId : base.sessionId,
  });
}

/** The runtime's own identity, from its validated options. */
export function runtimeIdentity(options: Omit<IdentityFields, 'traceId' | 'sessionId'>): Identity {
  return Object.freeze({
    agentId: options.agentId,
    principalId: options.principalId,
    tenantId: options.tenantId,
    environment: options.environment ?? 'dev',
    scopes: Object.freeze([...(options.scopes ?? [])]),
    traceId: undefined,
    sessionId: undefined,
  });
}
