import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeTempDir, runCli } from './fixtures/runCli';

const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as {
  version: string;
};

describe('run', () => {
  it('prints the version from package.json (exit 0)', async () => {
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([[['--help']], [['approvals', '--help']], [['audit', 'tail', '--help']]])(
    'prints help for %p (exit 0)',
    async (args) => {
      const result = await runCli(args);

      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^Usage: brane /);
    },
  );

  it('lists every command in the help, and the exit codes', async () => {
    const { stdout } = await runCli(['--help']);

    expect(stdout).toMatch(/\n {2}audit\s+read, search, count and verify the audit logs\n/);
    expect(stdout).toMatch(/\n {2}approvals\s+list, show, approve and reject approvals\n/);
    expect(stdout).toMatch(/\n {2}policies \[options\] <module>\s+list a runtime's capabilities and policies\n/);
    expect(stdout).toMatch(/\n {2}db\s+manage Brane's PostgreSQL tables\n/);
    expect(stdout).toContain('\nExit codes: 0 success, 1 failure or failed check, 2 usage error.\n');
  });

  it.each([
    [[], /^Usage: brane /],
    [['audit'], /^Usage: brane audit /],
    [['approvals'], /^Usage: brane approvals /],
    [['db'], /^Usage: brane db /],
    [['console', 'users'], /^Usage: brane console users /],
  ])('prints help on stdout for the bare group %p (exit 0): asking is not a mistake', async (args, help) => {
    const result = await runCli(args);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(help);
  });

  it.each([
    [['frobnicate'], /^error: unknown command 'frobnicate'\n\(add --help for usage\)\n$/],
    [['--verbose'], /^error: unknown option '--verbose'/],
    [['approvals', 'lst'], /^error: unknown command 'lst'\n\(Did you mean list\?\)/],
    [['audit', '--verbose'], /^error: unknown option '--verbose'/],
    [
      ['audit', 'tail', '-n', 'ten'],
      /^error: option '-n, --lines <count>' argument 'ten' is invalid. Expected a positive integer.\n/,
    ],
  ])('is a usage error (exit 2): %p', async (args, message) => {
    const result = await runCli(args);

    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(message);
  });
});

/**
 * The CLI as users run it: `bin/brane.cjs` in a child process, requiring the CLI bundled by esbuild (tsconfig paths
 * map `@brane/*` to their sources, so no build is needed). This covers what the in-process tests cannot: the real
 * dynamic `import()` of `brane policies` (CommonJS and ES modules), and real exit codes and output streams.
 */
describe('bin/brane.cjs', () => {
  let root: string;
  let bin: string;
  const fixtures = path.join(__dirname, 'fixtures', 'modules');
  const brane = (args: readonly string[]) => {
    const child = spawnSync(process.execPath, [bin, ...args], {
      cwd: fixtures,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] },
    });
    return { code: child.status, stdout: child.stdout, stderr: child.stderr };
  };

  beforeAll(() => {
    root = makeTempDir();
    const esbuild = path.join(path.dirname(require.resolve('esbuild/package.json')), 'bin', 'esbuild');
    execFileSync(esbuild, [
      path.join(__dirname, '..', 'src', 'index.ts'),
      '--bundle',
      '--platform=node',
      '--format=cjs',
      '--target=node20',
      '--loader:.sql=text', // the migrations of @brane/postgres, as the build bundles them
      '--external:pg-native',
      `--outfile=${path.join(root, 'dist', 'index.cjs')}`,
      '--log-level=error',
    ]);
    bin = path.join(root, 'bin', 'brane.cjs');
    fs.mkdirSync(path.dirname(bin));
    fs.copyFileSync(path.join(__dirname, '..', 'bin', 'brane.cjs'), bin);
  }, 60_000);

  afterAll(() => {
    removeTempDir(root);
  });

  it('prints the version', () => {
    expect(brane(['--version'])).toStrictEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('imports a CommonJS module and fails its check with exit 1', () => {
    const result = brane(['policies', 'duckRuntime.cjs', '--check', '--json']);

    expect(result).toMatchObject({ code: 1, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({
      module: path.join(fixtures, 'duckRuntime.cjs'),
      capabilities: [{ name: 'refund_customer' }, { name: 'wire_funds', risk: 'critical' }],
      check: { ok: false, problems: [{ code: 'UNGUARDED_CAPABILITY', capability: 'wire_funds' }] },
    });
  });

  it('imports an ES module whose default export is an async factory', () => {
    const result = brane(['policies', path.join(fixtures, 'duckRuntime.mjs'), '--check']);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(
      /^Module .*duckRuntime\.mjs\n\nCapabilities \(1\)\nNAME {9}TYPE {6}RISK\nsearch_docs {2}database {2}low\n/,
    );
    expect(result.stdout).toMatch(/Check passed/);
  });

  it('reports a usage error with exit 2, and a failure with exit 1, on stderr, without a stack', () => {
    expect(brane(['policies'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^error: missing required argument 'module'/) as string,
    });
    expect(brane(['policies', 'missing.mjs'])).toStrictEqual({
      code: 1,
      stdout: '',
      stderr: `brane: MODULE_NOT_FOUND: No module file at ${path.join(fixtures, 'missing.mjs')}\n`,
    });
  });
});
