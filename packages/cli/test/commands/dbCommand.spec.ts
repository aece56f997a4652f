import { runCli } from '../fixtures/runCli';

describe('brane db migrate', () => {
  it('takes --dir, as every command does, only to say that a database is named with --store (exit 2)', async () => {
    const human = await runCli(['db', 'migrate', '--dir', '.brane'], {
      env: { BRANE_DATABASE_URL: 'postgres://h/db' },
    });
    const json = await runCli(['db', 'migrate', '--dir', '.brane', '--store', 'postgres://h/db', '--json']);

    expect(human).toMatchObject({ code: 2, stdout: '' });
    expect(human.stderr).toBe(
      'brane: --dir names a directory, and the file stores need no migration: name the database with --store postgres://… (or BRANE_DATABASE_URL).\n',
    );
    expect(json.code).toBe(2);
    expect(json.json<{ error: { code: string; message: string } }>().error).toStrictEqual({
      code: 'USAGE',
      message: human.stderr.slice('brane: '.length, -1),
    });
  });

  it('documents --dir in its help', async () => {
    const help = await runCli(['db', 'migrate', '--help']);

    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /--dir <path>\s+not\s+for\s+this\s+command:\s+a\s+database\s+has\s+no\s+directory\s+\(name\s+it\s+with\s+--store\)/,
    );
  });
});
