import type { Authenticator, SignInFields, SignInResult } from './Authenticator.js';
import type { ConsoleUsers } from './ConsoleUsers.js';

/**
 * Sign-in with the one-time tokens that `brane console users add` prints: the `token` field of the sign-in form
 * is redeemed against the users file (once, before it expires). Decisions record `authenticatedBy:
 * 'brane-console:token'`.
 */
export class TokenAuthenticator implements Authenticator {
  readonly method = 'brane-console:token';
  readonly #users: ConsoleUsers;

  constructor(users: ConsoleUsers) {
    this.#users = users;
  }

  /** {@inheritDoc Authenticator.signIn} */
  async signIn(fields: SignInFields): Promise<SignInResult> {
    const token = fields['token'];
    return token === undefined
      ? { type: 'refused', reason: 'malformed' }
      : await this.#users.redeem(token.trim(), this.method);
  }
}
