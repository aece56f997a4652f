import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApprovalError, BraneError, describeValue } from '@brane/errors';
import type { ApprovalRecord, UnsealedApprovalRecord } from './ApprovalRecord.js';
import { RECORD_ENVELOPE, canonicalJson } from './canonicalJson.js';

/** The fewest secret bytes accepted: the output size of SHA-256. */
export const MIN_SECRET_BYTES = 32;
/** Versions what is sealed, so a later record format can never verify as this one. */
const DOMAIN = 'brane.approval.v1\n';
const SEAL = /^[0-9a-f]{64}$/;

/**
 * Seals approval records with HMAC-SHA256 over the canonical JSON of every field but `seal`, and verifies them:
 * a record changed by anyone without the secret (a field edited, a status flipped, a record forged or copied
 * under another id) fails verification with `APPROVAL_TAMPERED`.
 */
export class RecordSeal {
  readonly #key: Buffer;

  /** @param secret at least {@link MIN_SECRET_BYTES} bytes (a string counts its UTF-8 bytes) */
  constructor(secret: string | Uint8Array) {
    if (typeof secret !== 'string' && !(secret instanceof Uint8Array)) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `\`secret\` must be a string or a Uint8Array of at least ${MIN_SECRET_BYTES} bytes (got ${describeValue(secret)})`,
      );
    }
    const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (key.length < MIN_SECRET_BYTES) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `\`secret\` must be at least ${MIN_SECRET_BYTES} bytes (got ${key.length}); use loadOrCreateSecret() or 32 random bytes`,
        { details: { bytes: key.length } },
      );
    }
    this.#key = key;
  }

  /** `record` with a fresh seal over all its other fields (any old `seal` is dropped first). */
  seal(record: UnsealedApprovalRecord): ApprovalRecord {
    const fields: Record<string, unknown> = { ...record };
    delete fields['seal'];
    return { ...(fields as UnsealedApprovalRecord), seal: this.#digest(fields).toString('hex') };
  }

  /**
   * `stored`, the record a store returned for `id`, once its seal is verified; otherwise throws an
   * `APPROVAL_TAMPERED` {@link ApprovalError}.
   */
  verify(id: string, stored: unknown): ApprovalRecord {
    if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
      throw tampered(id, `is ${describeValue(stored)}, not a record`);
    }
    const { seal, ...fields } = stored as Partial<ApprovalRecord>;
    if (fields.id !== id) throw tampered(id, `is stored under id ${id} but names ${describeValue(fields.id)}`);
    if (typeof seal !== 'string' || !SEAL.test(seal)) throw tampered(id, 'has no valid seal');
    let expected: Buffer;
    try {
      expected = this.#digest(fields);
    } catch (error) {
      throw tampered(id, 'holds data that is not JSON', error);
    }
    if (!timingSafeEqual(Buffer.from(seal, 'hex'), expected)) {
      throw tampered(id, 'does not match its seal: it was changed by someone without the secret');
    }
    return stored as ApprovalRecord;
  }

  #digest(fields: object): Buffer {
    return createHmac('sha256', this.#key)
      .update(DOMAIN + canonicalJson(fields, 'record', RECORD_ENVELOPE))
      .digest();
  }
}

function tampered(id: string, what: string, cause?: unknown): ApprovalError {
  return new ApprovalError('APPROVAL_TAMPERED', id, `Approval ${id} was altered in the store: it ${what}`, {
    ...(cause === undefined ? {} : { cause }),
  });
}
