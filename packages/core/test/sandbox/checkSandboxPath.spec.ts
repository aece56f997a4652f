import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SandboxConstraints } from '@brane/decisions';
import { BraneError, SandboxViolationError } from '@brane/errors';
import { checkSandboxPath } from '../../src/sandbox/checkSandboxPath.js';

/*
 * <root>/data/inside.txt
 * <root>/data/reports/            (empty)
 * <root>/data/escape      -> <root>/outside/secret.txt
 * <root>/data/away        -> <root>/outside
 * <root>/data/dangling    -> <root>/outside/not-yet.txt   (does not exist)
 * <root>/data/relative    -> ../outside                     (relative link)
 * <root>/data/loop-a      -> loop-b, loop-b -> loop-a
 * <root>/database/x.txt
 * <root>/outside/secret.txt
 * <root>/data-link        -> <root>/data
 */
let root: string;
let data: string;
let constraints: SandboxConstraints;

beforeAll(async () => {
  // The real path, so expectations hold where the temp dir is itself behind a link (macOS /var -> /private/var).
  root = await realpath(await mkdtemp(join(tmpdir(), 'brane-sandbox-')));
  data = join(root, 'data');
  await mkdir(join(data, 'reports'), { recursive: true });
  await mkdir(join(root, 'database'));
  await mkdir(join(root, 'outside'));
  await writeFile(join(data, 'inside.txt'), 'in');
  await writeFile(join(root, 'database', 'x.txt'), 'db');
  await writeFile(join(root, 'outside', 'secret.txt'), 'secret');
  await symlink(join(root, 'outside', 'secret.txt'), join(data, 'escape'));
  await symlink(join(root, 'outside'), join(data, 'away'));
  await symlink(join(root, 'outside', 'not-yet.txt'), join(data, 'dangling'));
  await symlink(join('..', 'outside'), join(data, 'relative'));
  await symlink('loop-b', join(data, 'loop-a'));
  await symlink('loop-a', join(data, 'loop-b'));
  await symlink(data, join(root, 'data-link'));
  constraints = { filesystem: { allowPaths: [data] } };
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

afterEach(() => {
  jest.restoreAllMocks();
});

const check = (path: string, sandbox: SandboxConstraints = constraints): Promise<string> =>
  checkSandboxPath({ capability: 'export_report', constraints: sandbox }, path);

async function refusal(path: string, sandbox: SandboxConstraints = constraints): Promise<SandboxViolationError> {
  const error = await check(path, sandbox).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SandboxViolationError);
  const violation = error as SandboxViolationError;
  expect(violation).toMatchObject({
    code: 'SANDBOX_VIOLATION',
    kind: 'filesystem',
    capability: 'export_report',
    allowed: sandbox.filesystem?.allowPaths,
  });
  return violation;
}

describe('checkSandboxPath', () => {
  it('returns the real path of a file inside the sandbox', async () => {
    await expect(check(join(data, 'inside.txt'))).resolves.toBe(join(data, 'inside.txt'));
    await expect(check(data)).resolves.toBe(data);
    await expect(check(`${data}/`)).resolves.toBe(data);
  });

  it('allows a file that does not exist yet, in directories that do not either', async () => {
    await expect(check(join(data, 'new.csv'))).resolves.toBe(join(data, 'new.csv'));
    await expect(check(join(data, 'a', 'b', 'c.csv'))).resolves.toBe(join(data, 'a', 'b', 'c.csv'));
  });

  it('refuses a path outside the sandbox', async () => {
    const error = await refusal(join(root, 'outside', 'secret.txt'));
    expect(error.target).toBe(join(root, 'outside', 'secret.txt'));
    await refusal('/etc/passwd');
    await refusal(root);
  });

  it('refuses a `..` escape and allows `..` that stays inside', async () => {
    const error = await refusal(`${data}/../outside/secret.txt`);
    expect(error.target).toBe(join(root, 'outside', 'secret.txt'));
    await refusal(`${data}/reports/../../outside/new.txt`);
    await expect(check(`${data}/reports/../inside.txt`)).resolves.toBe(join(data, 'inside.txt'));
  });

  it('refuses a symbolic link that points outside', async () => {
    expect((await refusal(join(data, 'escape'))).target).toBe(join(root, 'outside', 'secret.txt'));
    expect((await refusal(join(data, 'away', 'secret.txt'))).target).toBe(join(root, 'outside', 'secret.txt'));
    expect((await refusal(join(data, 'relative', 'secret.txt'))).target).toBe(join(root, 'outside', 'secret.txt'));
  });

  it('refuses a file about to be created through a link that points outside', async () => {
    expect((await refusal(join(data, 'away', 'new.txt'))).target).toBe(join(root, 'outside', 'new.txt'));
    // A dangling link: writing to it would create the file it points to, outside.
    expect((await refusal(join(data, 'dangling'))).target).toBe(join(root, 'outside', 'not-yet.txt'));
  });

  it('resolves `..` after a link from where the link points, as the system does', async () => {
    // data/away/.. is <root>, not data.
    expect((await refusal(`${data}/away/../database/x.txt`)).target).toBe(join(root, 'database', 'x.txt'));
  });

  it('compares on segment boundaries: /data does not contain /database', async () => {
    const error = await refusal(join(root, 'database', 'x.txt'));
    expect(error.target).toBe(join(root, 'database', 'x.txt'));
    await refusal(`${data}base`);
  });

  it('allows paths through a link to an allowed root, and roots given through a link', async () => {
    await expect(check(join(root, 'data-link', 'inside.txt'))).resolves.toBe(join(data, 'inside.txt'));
    const throughLink = { filesystem: { allowPaths: [join(root, 'data-link')] } };
    await expect(check(join(data, 'inside.txt'), throughLink)).resolves.toBe(join(data, 'inside.txt'));
    await expect(check(join(root, 'data-link', 'new.txt'), throughLink)).resolves.toBe(join(data, 'new.txt'));
    await refusal(join(root, 'outside', 'secret.txt'), throughLink);
  });

  it('resolves a relative path against the working directory', async () => {
    jest.spyOn(process, 'cwd').mockReturnValue(data);
    await expect(check('inside.txt')).resolves.toBe(join(data, 'inside.txt'));
    await expect(check('reports/q1.csv')).resolves.toBe(join(data, 'reports', 'q1.csv'));
    expect((await refusal('../outside/secret.txt')).target).toBe(join(root, 'outside', 'secret.txt'));
  });

  it('allows nothing with an empty allow list', async () => {
    const error = await refusal(join(data, 'inside.txt'), { filesystem: { allowPaths: [] } });
    expect(error.message).toContain('its sandbox allows no paths');
  });

  it('returns the real path without a filesystem constraint', async () => {
    const sandbox = { network: { allowHosts: [] } };
    await expect(check(join(data, 'escape'), sandbox)).resolves.toBe(join(root, 'outside', 'secret.txt'));
    await expect(check(join(data, 'away', 'new.txt'), sandbox)).resolves.toBe(join(root, 'outside', 'new.txt'));
  });

  it('fails on a symbolic link loop rather than allowing it', async () => {
    await expect(check(join(data, 'loop-a', 'x'))).rejects.toMatchObject({ code: 'ELOOP' });
  });

  it.each<[string, unknown, unknown, RegExp]>([
    ['an empty path', { capability: 'c', constraints: {} }, '', /`path` must be a non-empty string/],
    ['a NUL in the path', { capability: 'c', constraints: {} }, '/data/\0', /without NUL characters/],
    ['a non-string path', { capability: 'c', constraints: {} }, 42, /`path` must be a non-empty string/],
    ['no capability', { constraints: {} }, '/data', /`capability`/],
    ['no constraints', { capability: 'c' }, '/data', /`constraints` must be sandbox constraints/],
  ])('rejects %s', async (_label, options, path, message) => {
    const call = checkSandboxPath(options as Parameters<typeof checkSandboxPath>[0], path as string);
    await expect(call).rejects.toThrow(BraneError);
    await expect(call).rejects.toThrow(message);
  });
});
