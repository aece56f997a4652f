import * as path from 'node:path';
import { GENESIS_HASH, type AuditHead } from '../AuditRecord.js';
import { isRecordHash } from '../hashRecord.js';
import { isObject } from './isObject.js';

/** A log's head file, read: the head, or why it cannot be trusted, and whether it is missing. @internal */
export interface HeadState {
  readonly head: AuditHead | undefined;
  readonly problem: string | undefined;
  readonly missing: boolean;
}

/** The head file's text, read. @internal */
export function parseHead(text: string): HeadState {
  const unreadable = (why: string): HeadState => ({
    head: undefined,
    problem: `The head file is unreadable (${why}): whether records were cut off the end cannot be proved`,
    missing: false,
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return unreadable('not JSON');
  }
  if (!isObject(value) || !Number.isSafeInteger(value['seq']) || (value['seq'] as number) < 0) {
    return unreadable('no `seq`');
  }
  const { seq, hash, updatedAt } = value as { seq: number; hash: unknown; updatedAt: unknown };
  const validHash = isRecordHash(hash) || (typeof hash === 'string' && BASE64URL_HASH.test(hash));
  if (!validHash || (seq === 0 && hash !== GENESIS_HASH)) return unreadable('no valid `hash`');
  return { head: { seq, hash, updatedAt: String(updatedAt) }, problem: undefined, missing: false };
}

/** A hash of the compact format: SHA-256, base64url. */
const BASE64URL_HASH = /^[A-Za-z0-9_-]{43}$/;

/** The head state of a head file that could not be read (`error`). @internal */
export function headUnreadable(file: string, error: unknown): HeadState {
  const missing = isMissing(error);
  const why = missing ? 'is missing' : `cannot be read (${String((error as { message?: unknown }).message)})`;
  const problem = `The head file ${path.basename(file)}.head ${why}: whether records were cut off the end cannot be proved`;
  return { head: undefined, problem, missing };
}

/** Whether `error` is a file-system `ENOENT`. @internal */
export function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT';
}
