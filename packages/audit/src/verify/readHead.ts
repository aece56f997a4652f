import { closeSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GENESIS_HASH, type AuditHead } from '../AuditRecord.js';
import { isRecordHash } from '../hashRecord.js';
import { openLogFile, openLogFileSync } from '../read/openLogFile.js';
import { readFailure } from '../read/readFailure.js';
import { isObject } from './isObject.js';

/** A log's head file, read: the head, or why it cannot be trusted, and whether it is missing. @internal */
export interface HeadState {
  readonly head: AuditHead | undefined;
  readonly problem: string | undefined;
  readonly missing: boolean;
}

/** The head file's text, read. */
function parseHead(text: string): HeadState {
  const garbled = (why: string): HeadState => ({
    head: undefined,
    problem: `The head file holds no head (${why}): whether records were cut off the end cannot be proved`,
    missing: false,
  });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return garbled('not JSON');
  }
  if (!isObject(value) || !Number.isSafeInteger(value['seq']) || (value['seq'] as number) < 0) {
    return garbled('no `seq`');
  }
  const { seq, hash, updatedAt } = value as { seq: number; hash: unknown; updatedAt: unknown };
  const validHash = isRecordHash(hash) || (typeof hash === 'string' && BASE64URL_HASH.test(hash));
  if (!validHash || (seq === 0 && hash !== GENESIS_HASH)) return garbled('no valid `hash`');
  return { head: { seq, hash, updatedAt: String(updatedAt) }, problem: undefined, missing: false };
}

/** A hash of the compact format: SHA-256, base64url. */
const BASE64URL_HASH = /^[A-Za-z0-9_-]{43}$/;

/**
 * The head file of `file`, read: what it holds, or that it is missing (`ENOENT`; see {@link HeadState}). A head file
 * that exists but cannot be read (`EACCES`, `EIO`...) is thrown as `AUDIT_READ_FAILED` with its kind (see
 * {@link readFailure}): it may be whole, and a problem reported of it would call an intact log tampered. It is opened
 * as a log is (see {@link openLogFile}): one that is not a regular file (a directory, a FIFO, a socket, a device) is
 * thrown as `INVALID_ARGUMENT`, not waited on.
 *
 * @internal
 */
export async function readHead(file: string): Promise<HeadState> {
  const headFile = `${file}.head`;
  let text: string;
  try {
    const handle = await openLogFile(headFile, HEAD_FILE);
    try {
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    return missingHead(headFile, error);
  }
  return parseHead(text);
}

/**
 * {@link readHead}, synchronously.
 *
 * @internal
 */
export function readHeadSync(file: string): HeadState {
  const headFile = `${file}.head`;
  let text: string;
  try {
    const fd = openLogFileSync(headFile, HEAD_FILE);
    try {
      text = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return missingHead(headFile, error);
  }
  return parseHead(text);
}

/** What a head file is called in an error. */
const HEAD_FILE = 'audit head file';

/** The head state of a head file that is missing; any other failure to read it, thrown as `AUDIT_READ_FAILED`. */
function missingHead(headFile: string, error: unknown): HeadState {
  if (!isMissing(error)) throw readFailure(headFile, error, HEAD_FILE);
  const problem = `The head file ${path.basename(headFile)} is missing: whether records were cut off the end cannot be proved`;
  return { head: undefined, problem, missing: true };
}

/** Whether `error` is a file-system `ENOENT`. @internal */
export function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT';
}
