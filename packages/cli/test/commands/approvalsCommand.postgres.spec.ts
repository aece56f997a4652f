import { ApprovalService } from '@brane/approvals';
import { PostgresApprovalStore } from '@brane/postgres';
import { ID, OTHER_ID, T0, newApproval } from '../fixtures/approvals';
import { makeTempDir, removeTempDir, runCli } from '../fixtures/runCli';
import { describeWithDatabase, uniqueSchema } from '../../../postgres/test/harness/testDatabase';

const SECRET = 'cli-postgres-secret-0123456789abcdef0123';
const NOW = T0 + 60_000;

describeWithDatabase('brane approvals --store postgres://', (db) => {
  let root: string;
  const withPassword = () => db().url.replace('postgres://postgres@', 'postgres://postgres:hunter2@');
  const cli = (args: readonly string[], env: Record<string, string> = { BRANE_APPROVAL_SECRET: SECRET }) =>
    runCli(args, { cwd: root, env, now: () => NOW });
  const store = () => ['--store', db().url, '--schema', db().schema];

  beforeAll(async () => {
    root = makeTempDir();
    const service = new ApprovalService({
      store: new PostgresApprovalStore({ pool: db().pool, schema: db().schema }),
      secret: SECRET,
      now: () => T0,
    });
    await service.request(newApproval());
    await service.request(newApproval({ id: OTHER_ID, tenantId: 'globex' }));
  });

  afterAll(() => {
    removeTempDir(root);
  });

  it('lists, shows and approves the approvals in the database', async () => {
    const listed = await cli(['approvals', 'list', '--tenant', 'acme', ...store()]);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toMatch(new RegExp(`\\n${ID}\\s+pending\\s+payments\\.refund\\s+acme\\s`));
    expect(listed.stdout).not.toContain(OTHER_ID);

    const shown = await cli(['approvals', 'show', OTHER_ID, ...store()]);
    expect(shown).toMatchObject({ code: 0 });
    expect(shown.stdout).toMatch(/tenant\s+globex/);

    const approved = await cli(['approvals', 'approve', ID, '--approver', 'maria@finance', ...store()]);
    expect(approved).toMatchObject({ code: 0, stderr: '' });
    expect(approved.stdout).toMatch(new RegExp(`^Approved ${ID} \\(payments\\.refund\\) as maria@finance`));
    const again = await cli(['approvals', 'list', '--state', 'approved', '--json', ...store()]);
    expect(again.json()).toMatchObject({ schema: db().schema, approvals: [{ id: ID, state: 'approved' }] });
  });

  it('reads BRANE_DATABASE_URL when neither --dir nor --store is given; --dir wins over it', async () => {
    const env = { BRANE_APPROVAL_SECRET: SECRET, BRANE_DATABASE_URL: db().url };

    const fromEnv = await cli(['approvals', 'list', '--schema', db().schema, '--json'], env);
    const fromDir = await cli(['approvals', 'list', '--dir', 'empty', '--json'], env);

    expect(fromEnv.json<{ approvals: unknown[] }>().approvals).toHaveLength(2);
    expect(fromDir.json()).toMatchObject({ approvals: [], directory: expect.stringMatching(/empty$/) as unknown });
  });

  it('never prints the password of the URL', async () => {
    const result = await cli([
      'approvals',
      'list',
      '--state',
      'rejected',
      '--store',
      withPassword(),
      '--schema',
      db().schema,
    ]);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^No rejected approvals in postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/\w+ \(schema /,
    );
    expect(result.stdout + result.stderr).not.toContain('hunter2');
  });

  it('needs the key of records it holds (NO_APPROVAL_SECRET); an empty schema needs none', async () => {
    const empty = uniqueSchema();
    await cli(['db', 'migrate', '--store', db().url, '--schema', empty]);
    try {
      const refused = await cli(['approvals', 'list', ...store()], {});
      const nothing = await cli(['approvals', 'list', '--store', db().url, '--schema', empty], {});

      expect(refused).toMatchObject({ code: 1, stdout: '' });
      expect(refused.stderr).toMatch(
        /^brane: NO_APPROVAL_SECRET: No key to verify the approvals in postgres:\/\/.*: set BRANE_APPROVAL_SECRET/,
      );
      expect(nothing).toMatchObject({ code: 0 });
      expect(nothing.stdout).toMatch(/^No approvals in postgres:/);
    } finally {
      await db().pool.query(`DROP SCHEMA IF EXISTS "${empty}" CASCADE`);
    }
  });

  it('brane db migrate: applies the migrations once, then finds the schema up to date', async () => {
    const schema = uniqueSchema();
    try {
      const first = await cli(['db', 'migrate', '--store', withPassword(), '--schema', schema]);
      const second = await cli(['db', 'migrate', '--schema', schema, '--json'], { BRANE_DATABASE_URL: db().url });

      expect(first).toMatchObject({ code: 0, stderr: '' });
      expect(first.stdout).toMatch(
        new RegExp(
          `^Migrated schema ${schema} of postgres://postgres:\\*\\*\\*@[^ ]+ to version 7: applied 0001_approvals, 0002_limits, 0003_sessions, 0004_audit, 0005_console, 0006_limit_ids, 0007_limit_tokens\\.\\n$`,
        ),
      );
      expect(second.json()).toMatchObject({ schema, applied: [], version: 7 });
    } finally {
      await db().pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    }
  });
});

describe('brane approvals and db migrate: where the store is', () => {
  let root: string;
  beforeEach(() => {
    root = makeTempDir();
  });
  afterEach(() => {
    removeTempDir(root);
  });
  const cli = (args: readonly string[], env: Record<string, string> = {}) => runCli(args, { cwd: root, env });

  it.each([
    [['approvals', 'list', '--dir', 'x', '--store', 'postgres://h/db'], /Give --dir or --store, not both/],
    [['approvals', 'list', '--schema', 'brane'], /--schema names a schema of a PostgreSQL store: add --store/],
    [['approvals', 'show', ID, '--store', 'mysql://h/db'], /--store must be a postgres:\/\/ URL/],
    [['db', 'migrate'], /Name the database: --store postgres:\/\/… or BRANE_DATABASE_URL/],
    [['db', 'migrate', '--store', 'http://h'], /--store must be a postgres:\/\/ URL/],
  ])('%p is a usage error (exit 2)', async (args, message) => {
    const result = await cli(args);

    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(message);
  });

  it('a BRANE_DATABASE_URL that is not postgres:// is a usage error naming it', async () => {
    const result = await cli(['approvals', 'list'], { BRANE_DATABASE_URL: 'redis://h' });

    expect(result).toMatchObject({ code: 2 });
    expect(result.stderr).toMatch(/BRANE_DATABASE_URL must be a postgres:\/\/ URL/);
  });

  it('a database it cannot reach fails in one line (exit 1), typed', async () => {
    const url = 'postgres://postgres@127.0.0.1:9/postgres';
    const listed = await cli(['approvals', 'list', '--store', url, '--json'], { BRANE_APPROVAL_SECRET: SECRET });
    const migrated = await cli(['db', 'migrate', '--store', url]);

    expect(listed).toMatchObject({ code: 1 });
    expect(listed.json()).toMatchObject({ error: { code: 'APPROVAL_STORE_FAILED' } });
    expect(migrated).toMatchObject({ code: 1, stdout: '' });
    expect(migrated.stderr).toMatch(
      /^brane: APPROVAL_STORE_FAILED: Could not migrate schema `brane`: the connection to PostgreSQL failed/,
    );
  });
});
