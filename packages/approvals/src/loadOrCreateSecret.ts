import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BraneError, describeValue } from '@brane/errors';
import { errorMessage } from './errorMessage.js';
import { isErrno } from './isErrno.js';

/** The file name of the secret inside its directory. */
const SECRET_FILE = 'secret.key';
/** Bytes of a new secret (HMAC-SHA256 keys gain nothing past the hash's block size). */
const SECRET_BYTES = 32;
const SECRET_HEX = /^(?:[0-9a-f]{2}){32,}$/i;

/**
 * The secret that seals approval records: read from `<directory>/secret.key` (hex), or made there on first use
 * from 32 random bytes, readable by its owner only (mode `0600`). Processes racing to make it agree on one: the
 * file is created exclusively, and the losers read the winner's.
 *
 * Keep it out of reach of whoever can write the store: with the secret, records can be forged.
 *
 * @example
 * const secret = await loadOrCreateSecret('.brane');
 * const service = new ApprovalService({ store: new FileApprovalStore(), secret });
 */
export async function loadOrCreateSecret(directory: string): Promise<Buffer> {
  if (typeof directory !== 'string' || directory === '') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `loadOrCreateSecret: \`directory\` must be a non-empty path (got ${describeValue(directory)})`,
    );
  }
  const file = path.resolve(directory, SECRET_FILE);
  return (await readSecret(file)) ?? (await createSecret(file));
}

/** The secret in `file`, or `undefined` if there is no such file. */
async function readSecret(file: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw secretFailed(`read the approval secret ${file}`, error);
  }
  const hex = text.trim();
  if (!SECRET_HEX.test(hex)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `The approval secret ${file} is not hex of at least ${SECRET_BYTES} bytes; restore it or remove it to make a new one (every existing approval then reads as tampered)`,
      { details: { file } },
    );
  }
  return Buffer.from(hex, 'hex');
}

/**
 * Writes a new secret to a private temporary file (`wx`, mode 0600), then links it to `file`: the link either
 * makes the complete file appear or fails with `EEXIST` because another process made one first, which is then read.
 */
async function createSecret(file: string): Promise<Buffer> {
  const secret = randomBytes(SECRET_BYTES);
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const handle = await fs.open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${secret.toString('hex')}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.link(temp, file);
    return secret;
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw secretFailed(`create the approval secret ${file}`, error);
    const existing = await readSecret(file);
    if (existing === undefined) throw secretFailed(`read the approval secret ${file}`, error);
    return existing;
  } finally {
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

function secretFailed(what: string, cause: unknown): BraneError {
  const reason = errorMessage(cause);
  return new BraneError('APPROVAL_STORE_FAILED', `Could not ${what}: ${reason}`, { cause });
}
