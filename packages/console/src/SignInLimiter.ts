import { BraneError, describeValue } from '@brane/errors';

/** How many sign-in attempts are allowed per window. */
export interface SignInLimits {
  /** Attempts from one network address. Default 20. */
  readonly perAddress?: number | undefined;
  /** Attempts for one user (known once their token is read: a used or expired token names its user). Default 10. */
  readonly perUser?: number | undefined;
  /** The window. Default 15 minutes. */
  readonly windowMs?: number | undefined;
}

/** The most keys tracked at once; past it, the oldest window is forgotten. */
const MAX_KEYS = 50_000;

/**
 * Counts sign-in attempts per address and per user in fixed windows, in this process. A key over its limit is
 * refused until its window ends: the route answers 429 with `Retry-After`. Tokens are 256-bit random, so the
 * limit is not what keeps them from being guessed; it keeps a script from spending the server's time, and from
 * probing which tokens exist.
 */
export class SignInLimiter {
  readonly #perAddress: number;
  readonly #perUser: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(limits: SignInLimits = {}, now: () => number = Date.now) {
    this.#perAddress = positive(limits.perAddress, 20, 'perAddress');
    this.#perUser = positive(limits.perUser, 10, 'perUser');
    this.#windowMs = positive(limits.windowMs, 15 * 60_000, 'windowMs');
    this.#now = now;
  }

  /** Counts an attempt from `address`; resolves the seconds to wait when it is one too many, else `undefined`. */
  address(address: string): number | undefined {
    return this.#hit(`a:${address}`, this.#perAddress);
  }

  /** Counts an attempt for `userId`; the seconds to wait when it is one too many, else `undefined`. */
  user(userId: string): number | undefined {
    return this.#hit(`u:${userId}`, this.#perUser);
  }

  #hit(key: string, limit: number): number | undefined {
    const now = this.#now();
    let window = this.#windows.get(key);
    if (window === undefined || now - window.start >= this.#windowMs) {
      this.#windows.delete(key);
      if (this.#windows.size >= MAX_KEYS) {
        const oldest = this.#windows.keys().next();
        if (oldest.done !== true) this.#windows.delete(oldest.value);
      }
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    return window.count > limit ? Math.max(1, Math.ceil((window.start + this.#windowMs - now) / 1000)) : undefined;
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `signInLimits: \`${name}\` must be a positive integer (got ${describeValue(value)})`,
    );
  }
  return value;
}
