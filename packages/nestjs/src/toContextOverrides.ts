import { UnauthorizedException } from '@nestjs/common';
import type { ContextOverrides } from '@brane/core';
import { isValidScope } from '@brane/policy-engine';
import { inheritedFromClass } from '@brane/policy-engine/internal';
import { SESSION_ID_MAX_LENGTH, isSessionId } from '@brane/sessions';
import type { RequestIdentity } from './RequestIdentity.js';

const FIELDS: ReadonlySet<string> = new Set(['tenantId', 'principalId', 'scopes', 'traceId', 'sessionId']);
/** What the runtime accepts as an id: a non-empty string without whitespace. */
const ID = /^\S+$/;
const MAX_ID_LENGTH = 256;
const MAX_SCOPES = 256;

/** An anonymous request: every identity field named, and cleared. */
const ANONYMOUS: ContextOverrides = Object.freeze({
  tenantId: undefined,
  principalId: undefined,
  scopes: undefined,
  traceId: undefined,
  sessionId: undefined,
});

/**
 * Turns the identity `identify` read from a request into `withContext` overrides that name every field, so
 * that nothing falls back to the runtime's own tenant, principal or scopes: a missing field is cleared, and an
 * anonymous request (`undefined`, `null`) runs with no identity at all. A malformed identity is refused with
 * a 401 that names the field, never the value (it may come from a token an attacker wrote).
 */
export function toContextOverrides(identity: RequestIdentity | null | undefined): ContextOverrides {
  if (identity === undefined || identity === null) return ANONYMOUS;
  if (typeof identity !== 'object' || Array.isArray(identity))
    refuse('identify must return an object, null or undefined');
  try {
    for (const key of Object.keys(identity)) {
      if (!FIELDS.has(key)) refuse(`unknown identity field \`${key.slice(0, 40)}\``);
    }
    // An object literal's only prototype is `Object.prototype`, whose fields (polluted) `own` never reads.
    const plain = Object.getPrototypeOf(identity) === Object.prototype;
    return Object.freeze({
      tenantId: id('tenantId', own(identity, 'tenantId', plain)),
      principalId: id('principalId', own(identity, 'principalId', plain)),
      scopes: scopeList(own(identity, 'scopes', plain)),
      traceId: id('traceId', own(identity, 'traceId', plain)),
      sessionId: sessionIdOf(own(identity, 'sessionId', plain)),
    });
  } catch (error) {
    if (error instanceof UnauthorizedException) throw error;
    refuse('its fields could not be read'); // a getter or a proxy that throws: a 401, not a 500
  }
}

/**
 * The identity's own field `key`, or `undefined`. A field held on a prototype is refused (a class getter,
 * `Object.create`); one on a polluted `Object.prototype` is never read.
 */
function own(identity: object, key: string, plain: boolean): unknown {
  if (Object.hasOwn(identity, key)) return (identity as Record<string, unknown>)[key];
  if (!plain && inheritedFromClass(identity, key))
    refuse(`\`${key}\` is inherited from a prototype, not a field of its own`);
  return undefined;
}

function id(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > MAX_ID_LENGTH || !ID.test(value)) {
    refuse(`\`${field}\` must be a string of 1 to ${MAX_ID_LENGTH} characters without whitespace`);
  }
  return value;
}

/** The session id, by the rule of `withContext` and every session store (`isSessionId` of `@brane/sessions`). */
function sessionIdOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isSessionId(value)) {
    refuse(
      `\`sessionId\` must be a string of 1 to ${SESSION_ID_MAX_LENGTH} characters without whitespace, control characters or lone surrogates`,
    );
  }
  return value;
}

function scopeList(value: unknown): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length > MAX_SCOPES)
    refuse(`\`scopes\` must be an array of at most ${MAX_SCOPES} scopes`);
  const scopes = value as unknown[];
  for (const scope of scopes) {
    if (typeof scope !== 'string' || scope.length > MAX_ID_LENGTH || !isValidScope(scope)) {
      refuse('`scopes` must hold scopes such as `refunds:create` or `refunds:*`');
    }
  }
  return Object.freeze([...(scopes as string[])]);
}

function refuse(why: string): never {
  throw new UnauthorizedException(`The request's identity is not valid: ${why}`);
}
