import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeTempDir, runCli } from '../fixtures/runCli';

describe('brane console users --dir', () => {
  let root: string;
  beforeEach(() => {
    root = makeTempDir();
  });
  afterEach(() => {
    removeTempDir(root);
  });
  const usersFileIn = (directory: string) => path.join(root, directory, 'users.json');

  it('keeps the users in the console directory --dir names, relative to the working directory', async () => {
    const added = await runCli(['console', 'users', 'add', 'maria@finance', '--dir', 'console'], { cwd: root });
    const listed = await runCli(['console', 'users', 'list', '--dir', 'console', '--json'], { cwd: root });
    const elsewhere = await runCli(['console', 'users', 'list', '--json'], { cwd: root });
    const removed = await runCli(['console', 'users', 'remove', 'maria@finance', '--dir', 'console'], { cwd: root });

    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain(`only its hash is, in ${usersFileIn('console')}`);
    expect(listed.json()).toMatchObject({ users: [{ id: 'maria@finance' }] });
    expect(elsewhere.json()).toStrictEqual({ users: [] }); // the default, .brane/console, is another directory
    expect(removed).toMatchObject({ code: 0, stdout: 'Removed maria@finance.\n' });
  });

  it('still takes --console-dir, its deprecated name, with a warning on stderr', async () => {
    const added = await runCli(['console', 'users', 'add', 'ana@finance', '--console-dir', 'old', '--json'], {
      cwd: root,
    });
    const listed = await runCli(['console', 'users', 'list', '--dir', 'old', '--json'], { cwd: root });

    expect(added.code).toBe(0);
    expect(added.stderr).toBe('brane: --console-dir is deprecated: use --dir (the same directory)\n');
    expect(fs.existsSync(usersFileIn('old'))).toBe(true);
    expect(listed.json()).toMatchObject({ users: [{ id: 'ana@finance' }] });
  });

  it('accepts both names for the same directory, and refuses two different ones (exit 2)', async () => {
    const same = await runCli(['console', 'users', 'list', '--dir', 'a', '--console-dir', `${root}/a`], { cwd: root });
    const different = await runCli(['console', 'users', 'list', '--dir', 'a', '--console-dir', 'b'], { cwd: root });

    expect(same.code).toBe(0);
    expect(different).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'brane: Give --dir (the console directory) or its old name --console-dir, not both.\n',
    });
  });

  it('documents --dir, and --console-dir as deprecated, in its help', async () => {
    const help = await runCli(['console', 'users', 'remove', '--help']);

    expect(help.stdout).toMatch(
      /--dir <path>\s+the console's directory, with its users file \(default:\s+\.brane\/console\)/,
    );
    expect(help.stdout).toMatch(/--console-dir <path>\s+deprecated: the old name of --dir/);
  });
});
