import type { BraneErrorCode } from './BraneErrorCode.js';
import { boundText } from './boundText.js';

/** Options accepted by every {@link BraneError}. */
export interface BraneErrorOptions {
  /** The error that led to this one. */
  readonly cause?: unknown;
  /** Structured facts about the failure (names, values), for logs and tests. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * The base class of every error Brane throws. `code` comes from a closed set, so callers can branch on it
 * without parsing messages. The message is bounded (`boundText`): a message quoting a huge value keeps its
 * first `MAX_TEXT_LENGTH` characters and says how many were cut.
 *
 * @example
 * try { await agent.refundCustomer('cust_1', 900); }
 * catch (error) { if (error instanceof BraneError && error.code === 'CAPABILITY_DENIED') { ... } }
 */
export class BraneError extends Error {
  override readonly name: string;
  /** What went wrong, from the closed set {@link BRANE_ERROR_CODES}. */
  readonly code: BraneErrorCode;
  /** Structured facts about the failure. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: BraneErrorCode, message: string, options: BraneErrorOptions = {}) {
    super(boundText(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...options.details });
  }

  /** A plain, JSON-safe view of the error (the cause is summarised, never serialised whole). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      details: this.details,
      ...(this.cause === undefined ? {} : { cause: describeCause(this.cause) }),
    };
  }
}

function describeCause(cause: unknown): unknown {
  if (cause instanceof BraneError) return cause.toJSON();
  if (cause instanceof Error) return { name: cause.name, message: cause.message };
  return String(cause);
}
