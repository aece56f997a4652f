import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';

/** The user an authentication guard leaves on `req.user` (what Passport's `AuthGuard('jwt')` does). */
export interface AuthUser {
  readonly id: string;
  readonly tenant: string;
  readonly scopes: readonly string[];
}

/** The example's tokens; a real service verifies a JWT instead. */
const TOKENS: Readonly<Record<string, AuthUser>> = {
  'token-alice': { id: 'alice@acme', tenant: 'tenant_acme', scopes: ['refunds:create'] },
  'token-bob': { id: 'bob@globex', tenant: 'tenant_globex', scopes: ['tickets:read'] },
};

/** A global guard standing in for Passport: a known bearer token sets `req.user`; anything else is anonymous. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: { authorization?: string }; user?: AuthUser }>();
    const token = request.headers.authorization?.replace(/^Bearer /, '');
    const user = token !== undefined && Object.hasOwn(TOKENS, token) ? TOKENS[token] : undefined;
    if (user !== undefined) request.user = user;
    return true;
  }
}

/** BraneModule's `identify`: the tenant, principal and scopes of the authenticated user; none when anonymous. */
export function identifyUser(request: { user?: AuthUser }) {
  const user = request.user;
  return user && { tenantId: user.tenant, principalId: user.id, scopes: user.scopes };
}
