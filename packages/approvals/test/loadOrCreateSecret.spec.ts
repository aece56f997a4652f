import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadOrCreateSecret } from '@brane/approvals';
import { BraneError } from '@brane/errors';
import { makeTempDir, removeTempDir } from './fixtures/records';

describe('loadOrCreateSecret', () => {
  let root: string;

  beforeEach(() => {
    root = makeTempDir();
  });

  afterEach(() => {
    removeTempDir(root);
  });

  it('creates 32 random bytes as hex in <directory>/secret.key, readable by its owner only', async () => {
    const directory = path.join(root, 'a', 'b');

    const secret = await loadOrCreateSecret(directory);

    const file = path.join(directory, 'secret.key');
    expect(secret).toBeInstanceOf(Uint8Array);
    expect(secret).toHaveLength(32);
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(secret.toString('hex'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(directory)).toStrictEqual(['secret.key']);
  });

  it('reads the secret back from its file on every later call', async () => {
    const first = await loadOrCreateSecret(root);

    await expect(loadOrCreateSecret(root)).resolves.toStrictEqual(first);
  });

  it('makes a different secret in another directory', async () => {
    const one = await loadOrCreateSecret(path.join(root, 'one'));
    const two = await loadOrCreateSecret(path.join(root, 'two'));

    expect(one.equals(two)).toBe(false);
  });

  it('agrees on one secret when many calls race to create it', async () => {
    const secrets = await Promise.all(Array.from({ length: 20 }, () => loadOrCreateSecret(root)));

    expect(new Set(secrets.map((secret) => secret.toString('hex'))).size).toBe(1);
    expect(fs.readdirSync(root)).toStrictEqual(['secret.key']);
  });

  it('reads a secret written by hand, longer than 32 bytes', async () => {
    fs.writeFileSync(path.join(root, 'secret.key'), `${'ab'.repeat(48)}\n`);

    await expect(loadOrCreateSecret(root)).resolves.toStrictEqual(Buffer.from('ab'.repeat(48), 'hex'));
  });

  it.each([
    ['too short', 'ab'.repeat(31)],
    ['not hex', 'zz'.repeat(32)],
    ['empty', ''],
    ['an odd number of digits', 'a'.repeat(65)],
  ])('refuses a secret file that is %s, and does not replace it', async (_, text) => {
    fs.writeFileSync(path.join(root, 'secret.key'), text);

    await expect(loadOrCreateSecret(root)).rejects.toThrow(BraneError);
    await expect(loadOrCreateSecret(root)).rejects.toThrow(/is not hex of at least 32 bytes/);
    expect(fs.readFileSync(path.join(root, 'secret.key'), 'utf8')).toBe(text);
  });

  it('reports a secret that cannot be read as APPROVAL_STORE_FAILED', async () => {
    fs.mkdirSync(path.join(root, 'secret.key'));

    await expect(loadOrCreateSecret(root)).rejects.toMatchObject({ code: 'APPROVAL_STORE_FAILED' });
  });

  it.each([[''], [undefined], [5]])('refuses the directory %p', async (directory) => {
    await expect(loadOrCreateSecret(directory as string)).rejects.toThrow(/`directory` must be a non-empty path/);
  });
});
