import * as crypto from 'node:crypto';
import { BraneError, describeValue } from '@brane/errors';
import { forEachString } from './forEachString.js';
import { forEachToken } from './tokenize.js';

/** The default shortest token fingerprinted or probed. */
export const DEFAULT_MIN_TOKEN_LENGTH = 8;
/** The most sessions whose derived keys are cached. */
const KEY_CACHE = 1024;

/** What {@link Fingerprinter.probe} found in a value: its fingerprints, and whether it saw all of it. */
export interface Probe {
  readonly fingerprints: ReadonlySet<string>;
  /** `false` when part of the value could not be read (too deep, too large, a throwing getter). */
  readonly complete: boolean;
}

/** `crypto.hash` (Node 20.12+, 21.7+): one native call per digest, no Hash object. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;
const sha256 =
  oneShot === undefined
    ? (data: string): string => crypto.createHash('sha256').update(data).digest('base64url')
    : (data: string): string => oneShot('sha256', data, 'base64url');

/**
 * Turns values into keyed fingerprints: SHA-256 of a key derived per session from the runtime's secret (HMAC),
 * followed by the token (lowercased), truncated to 128 bits. Stores keep only fingerprints, never values; and
 * without the secret, a fingerprint cannot be tested against guesses, nor matched across sessions.
 *
 * Why not HMAC per token: it cost about 4 times as much (two hashes and an object per token). A secret prefix
 * is a sound keyed hash for SHA-256 once the digest is truncated: length extension needs the whole internal
 * state, and a 128-bit digest does not give it.
 */
export class Fingerprinter {
  readonly #secret: Buffer;
  /** The shortest token that counts. */
  readonly minLength: number;
  readonly #keys = new Map<string, string>();

  /** @param secret at least 32 bytes (or characters); default: random, for stores that live in this process only */
  constructor(
    options: { readonly secret?: string | Uint8Array | undefined; readonly minTokenLength?: number | undefined } = {},
  ) {
    const { secret, minTokenLength = DEFAULT_MIN_TOKEN_LENGTH } = options;
    if (
      secret !== undefined &&
      !((typeof secret === 'string' || secret instanceof Uint8Array) && secret.length >= 32)
    ) {
      throw new BraneError(
        'INVALID_OPTIONS',
        `sessions.secret must be a string or bytes of at least 32 (got ${describeValue(secret)})`,
      );
    }
    if (!Number.isSafeInteger(minTokenLength) || minTokenLength < 4 || minTokenLength > 256) {
      throw new BraneError(
        'INVALID_OPTIONS',
        `sessions.minTokenLength must be a whole number from 4 to 256 (got ${describeValue(minTokenLength)})`,
      );
    }
    this.#secret = secret === undefined ? crypto.randomBytes(32) : Buffer.from(secret);
    this.minLength = minTokenLength;
  }

  /** The fingerprints of the distinctive tokens of every string in `output` (what a labelled output taints). */
  fingerprintOutput(sessionId: string, output: unknown): string[] {
    const tokens = new Set<string>();
    forEachString(output, (text) => {
      forEachToken(text, this.minLength, true, (token) => tokens.add(token.toLowerCase()));
    });
    return this.#hashAll(sessionId, tokens);
  }

  /** The fingerprints of every token of `value` (an argument, checked for tainted values). */
  probe(sessionId: string, value: unknown): Probe {
    const tokens = new Set<string>();
    const complete = forEachString(value, (text) => {
      forEachToken(text, this.minLength, false, (token) => tokens.add(token.toLowerCase()));
    });
    return { fingerprints: new Set(this.#hashAll(sessionId, tokens)), complete };
  }

  #hashAll(sessionId: string, tokens: ReadonlySet<string>): string[] {
    if (tokens.size === 0) return [];
    const key = this.#keyOf(sessionId);
    const hashes: string[] = [];
    for (const token of tokens) hashes.push(sha256(key + token).slice(0, 22));
    return hashes;
  }

  /** The session's key, as the 43-character prefix every token is hashed after (its end marked by `\0`). */
  #keyOf(sessionId: string): string {
    let key = this.#keys.get(sessionId);
    if (key === undefined) {
      key = `${crypto.createHmac('sha256', this.#secret).update(`brane.session-key\0${sessionId}`).digest('base64url')}\0`;
      if (this.#keys.size >= KEY_CACHE) this.#keys.delete(this.#keys.keys().next().value as string);
      this.#keys.set(sessionId, key);
    }
    return key;
  }
}
