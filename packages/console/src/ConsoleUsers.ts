import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { checkApproverIdentity, lockFile, writeFileAtomically, type ApproverIdentity } from '@brane/approvals';
import { BraneError, describeValue } from '@brane/errors';
import type { SignInResult } from './Authenticator.js';
import { hashToken, newToken } from './hashToken.js';

/** A person who may sign in to the console, as the users file keeps them (never a token, only its hash). */
export interface ConsoleUser {
  readonly id: string;
  readonly groups: readonly string[];
  readonly addedAt: string;
  /** Sign-in tokens not yet used nor expired. */
  readonly openTokens: number;
}

/** A sign-in token issued by {@link ConsoleUsers.add}: shown once, stored only as its SHA-256. */
export interface IssuedToken {
  readonly userId: string;
  readonly token: string;
  readonly expiresAt: string;
}

interface StoredToken {
  readonly sha256: string;
  readonly expiresAt: string;
  readonly usedAt?: string;
}
interface StoredUser {
  readonly id: string;
  readonly groups: readonly string[];
  readonly addedAt: string;
  readonly tokens: readonly StoredToken[];
}
interface UsersDocument {
  readonly version: 1;
  readonly users: readonly StoredUser[];
}

/** A sign-in token is valid this long by default: 15 minutes. */
export const DEFAULT_TOKEN_TTL_MS = 15 * 60_000;
/** Used or expired tokens are forgotten this long after they stop being valid. */
const FORGET_AFTER_MS = 24 * 3_600_000;

/**
 * The console's users: a JSON file (`<directory>/users.json`, mode 0600) of people, their groups, and the SHA-256
 * of each one-time sign-in token issued to them. Every change holds an inter-process lock and rewrites the file
 * atomically, so the CLI can add a user while the console redeems a token.
 *
 * @example
 * const users = new ConsoleUsers('.brane/console');
 * const { token } = await users.add({ id: 'maria@finance', groups: ['finance'] });
 */
export class ConsoleUsers {
  /** The absolute path of the users file. */
  readonly file: string;
  readonly #now: () => number;

  constructor(directory: string, options: { readonly now?: (() => number) | undefined } = {}) {
    if (typeof directory !== 'string' || directory === '') {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `ConsoleUsers: \`directory\` must be a non-empty path (got ${describeValue(directory)})`,
      );
    }
    this.file = path.resolve(directory, 'users.json');
    this.#now = options.now ?? Date.now;
  }

  /**
   * Adds the user (or replaces their groups) and issues a one-time sign-in token valid for `ttlMs` (default 15
   * minutes). The token is returned once; only its hash is stored.
   */
  async add(identity: ApproverIdentity, ttlMs: number = DEFAULT_TOKEN_TTL_MS): Promise<IssuedToken> {
    const { id, groups } = checkApproverIdentity(identity, 'user');
    if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0 || ttlMs > 30 * 24 * 3_600_000) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `\`ttlMs\` must be a positive number of milliseconds up to 30 days (got ${describeValue(ttlMs)})`,
      );
    }
    const token = newToken();
    const now = this.#now();
    const expiresAt = new Date(now + ttlMs).toISOString();
    await this.#change((users) => {
      const existing = users.find((user) => user.id === id);
      const tokens = [...(existing?.tokens ?? []), { sha256: hashToken(token), expiresAt }];
      const user: StoredUser = {
        id,
        groups: [...groups],
        addedAt: existing?.addedAt ?? new Date(now).toISOString(),
        tokens,
      };
      return [...users.filter((other) => other.id !== id), user];
    });
    return { userId: id, token, expiresAt };
  }

  /** Removes the user and their tokens; resolves whether there was one. End their sessions with `revokeUser`. */
  async remove(id: string): Promise<boolean> {
    let removed = false;
    await this.#change((users) => {
      removed = users.some((user) => user.id === id);
      return users.filter((user) => user.id !== id);
    });
    return removed;
  }

  /** Every user, by id. */
  async list(): Promise<ConsoleUser[]> {
    const now = this.#now();
    return (await this.#read()).users
      .map((user) => ({
        id: user.id,
        groups: user.groups,
        addedAt: user.addedAt,
        openTokens: user.tokens.filter((token) => token.usedAt === undefined && Date.parse(token.expiresAt) > now)
          .length,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * Redeems a sign-in token: once, before it expires. The token is marked used in the same locked write that
   * checks it, so of two sign-ins with one token (two processes too) exactly one succeeds.
   */
  async redeem(token: string, method: string): Promise<SignInResult> {
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(token))
      return { type: 'refused', reason: 'malformed' };
    const sha256 = hashToken(token);
    let result: SignInResult = { type: 'refused', reason: 'unknown' };
    await this.#change((users) => {
      const now = this.#now();
      return users.map((user) => {
        const found = user.tokens.find((stored) => stored.sha256 === sha256);
        if (found === undefined) return user;
        if (found.usedAt !== undefined) result = { type: 'refused', reason: 'used', userId: user.id };
        else if (Date.parse(found.expiresAt) <= now) result = { type: 'refused', reason: 'expired', userId: user.id };
        else {
          const identity = checkApproverIdentity({ id: user.id, groups: user.groups, authenticatedBy: method }, 'user');
          result = { type: 'signed_in', identity };
          const usedAt = new Date(now).toISOString();
          return { ...user, tokens: user.tokens.map((stored) => (stored === found ? { ...stored, usedAt } : stored)) };
        }
        return user;
      });
    });
    return result;
  }

  /** Applies `change` to the users under the file's lock, forgets stale tokens, and writes the file atomically. */
  async #change(change: (users: readonly StoredUser[]) => readonly StoredUser[]): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const held = await lockFile(this.file, { staleMs: 10_000 });
    try {
      const cutoff = this.#now() - FORGET_AFTER_MS;
      const users = change((await this.#read()).users).map((user) => ({
        ...user,
        tokens: user.tokens.filter((token) => Date.parse(token.usedAt ?? token.expiresAt) > cutoff),
      }));
      const document: UsersDocument = { version: 1, users };
      if (held.compromised) throw held.compromised;
      await writeFileAtomically(this.file, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
    } finally {
      await held.release();
    }
  }

  async #read(): Promise<UsersDocument> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return { version: 1, users: [] };
      throw error;
    }
    if (text.trim() === '') return { version: 1, users: [] };
    return parseUsers(text, this.file);
  }
}

/** The users document in `text`, checked; an `INVALID_OPTIONS` error names the file when it is not one. */
function parseUsers(text: string, file: string): UsersDocument {
  const fail = (what: string): never => {
    throw new BraneError('INVALID_OPTIONS', `${file} is not a console users file: ${what}`);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('it is not JSON');
  }
  const document = value as { version?: unknown; users?: unknown } | null;
  if (document?.version !== 1 || !Array.isArray(document.users)) return fail('it has no `version: 1` and `users` list');
  for (const [i, user] of (document.users as Partial<StoredUser>[]).entries()) {
    checkApproverIdentity({ id: user.id, groups: user.groups }, `users[${i}]`);
    if (
      !Array.isArray(user.tokens) ||
      user.tokens.some(
        (token: Partial<StoredToken> | null) =>
          typeof token?.sha256 !== 'string' || typeof token.expiresAt !== 'string',
      )
    ) {
      fail(`users[${i}].tokens is not a list of { sha256, expiresAt }`);
    }
  }
  return document as UsersDocument;
}
