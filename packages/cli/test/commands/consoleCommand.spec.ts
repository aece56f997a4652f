import * as path from 'node:path';
import { processIo } from '@brane/cli';
import { FileConsoleSessions } from '@brane/console';
import { consoleCommand } from '../../src/commands/consoleCommand';
import { makeTempDir, removeTempDir, runCli } from '../fixtures/runCli';

describe('brane console', () => {
  let root: string;
  beforeEach(() => {
    root = makeTempDir();
  });
  afterEach(() => {
    removeTempDir(root);
  });

  it('users add prints a one-time sign-in link; users list and remove manage people', async () => {
    const added = await runCli(['console', 'users', 'add', 'maria@finance', '--groups', 'finance, support', '--json'], {
      cwd: root,
    });
    expect(added.code).toBe(0);
    const { token, link, groups } = added.json<{ token: string; link: string; groups: string[] }>();
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(link).toBe(`http://127.0.0.1:4319/sign-in?token=${token}`);
    expect(groups).toStrictEqual(['finance', 'support']);

    const human = await runCli(['console', 'users', 'add', 'ana@finance', '--url', 'https://approvals.acme.test/'], {
      cwd: root,
    });
    expect(human.stdout).toMatch(
      /One-time sign-in link, valid until .*\n {2}https:\/\/approvals\.acme\.test\/sign-in\?token=[\w-]{43}\n/,
    );

    const listed = await runCli(['console', 'users', 'list'], { cwd: root });
    expect(listed.stdout).toBe(
      'ana@finance  groups: —  open sign-in links: 1\nmaria@finance  groups: finance, support  open sign-in links: 1\n',
    );
    expect((await runCli(['console', 'users', 'remove', 'ana@finance'], { cwd: root })).code).toBe(0);
    expect((await runCli(['console', 'users', 'remove', 'ana@finance'], { cwd: root })).code).toBe(1);
  });

  it('users remove ends the signed-in sessions of the person removed', async () => {
    const directory = path.join(root, '.brane/console');
    const sessions = new FileConsoleSessions(directory);
    const identity = { id: 'maria@finance', groups: ['finance'], authenticatedBy: 'brane-console:token' };
    await sessions.insert({
      tokenSha256: 'a'.repeat(64),
      identity,
      createdAt: Date.now(),
      expiresAt: Date.now() + 60_000,
    });
    await runCli(['console', 'users', 'add', 'maria@finance'], { cwd: root });
    const removed = await runCli(['console', 'users', 'remove', 'maria@finance'], { cwd: root, env: {} });
    expect(removed.stdout).toBe('Removed maria@finance and ended 1 signed-in session.\n');
    expect(await sessions.find('a'.repeat(64), Date.now())).toBeUndefined();
  });

  it('users add refuses an id a person could be fooled by', async () => {
    const result = await runCli(['console', 'users', 'add', 'maria\u202Eecnanif'], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('`user.id`');
  });

  it('refuses --webhook without a secret, and --dir with --store', async () => {
    const hook = await runCli(['console', '--webhook', 'http://127.0.0.1:9/hook'], { cwd: root });
    expect(hook.code).toBe(2);
    expect(hook.stderr).toContain('BRANE_CONSOLE_WEBHOOK_SECRET');
    const both = await runCli(['console', '--dir', 'a', '--store', 'postgres://x/y'], { cwd: root });
    expect(both.code).toBe(2);
  });

  it('serves the console on 127.0.0.1 until it is stopped', async () => {
    let stop: () => void = () => undefined;
    let out = '';
    let exitCode: number | undefined;
    const command = consoleCommand(
      processIo({
        cwd: root,
        env: {},
        stdout: (text) => (out += text),
        stderr: () => undefined,
        exit: (code) => (exitCode = code),
      }),
      () => new Promise<void>((resolve) => (stop = resolve)),
    );
    const served = command.parseAsync(['--port', '0', '--json'], { from: 'user' });
    while (!out.includes('"url"')) await new Promise((resolve) => setTimeout(resolve, 20));
    const { url, audit } = JSON.parse(out) as { url: string; audit: string | null };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(audit).toBeNull(); // no .brane/audit here, and no --audit
    expect((await fetch(`${url}/sign-in`)).status).toBe(200);
    stop();
    await served;
    expect(exitCode).toBe(0);
  });
});
