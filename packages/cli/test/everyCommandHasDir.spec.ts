import type { Command } from 'commander';
import { createProgram } from '@brane/cli';
import { runCli } from './fixtures/runCli';

/** Every command that runs, by its full name: `audit tail`, `console users add`, ... */
function runnable(command: Command, prefix: readonly string[] = []): Array<[string, Command]> {
  // A command that runs takes --json (`commandAction` adds it): a leaf, or a group that serves (`brane console`);
  // a bare group (`brane audit`) only prints its help.
  const runs = command.options.some((option) => option.long === '--json');
  return [
    ...(runs ? [[prefix.join(' '), command] as [string, Command]] : []),
    ...command.commands.flatMap((child) => runnable(child, [...prefix, child.name()])),
  ];
}

describe('every command', () => {
  const commands = runnable(createProgram());

  it('is found (the tree is walked)', () => {
    expect(commands.map(([name]) => name)).toStrictEqual([
      'audit tail',
      'audit query',
      'audit verify',
      'audit stats',
      'approvals list',
      'approvals show',
      'approvals approve',
      'approvals reject',
      'policies',
      'db migrate',
      'console serve',
      'console users add',
      'console users list',
      'console users remove',
    ]);
  });

  it.each(commands)('`brane %s` accepts --dir', (_, command) => {
    expect(command.options.map((option) => option.long)).toContain('--dir');
  });
});

describe('brane --help', () => {
  it('says what --dir is for each command', async () => {
    const help = await runCli(['--help']);

    expect(help.stdout).toContain(
      [
        'Every command takes --json (one JSON document on stdout) and --dir <path>, the directory of what it works on:',
        '  audit: the audit logs (default .brane/audit); approvals, console: the approvals (default .brane/approvals);',
        "  console users: the console's directory (default .brane/console; --console-dir is its deprecated name);",
        '  policies: where the module resolves from and its runtime runs (default: the working directory);',
        '  db migrate: none, a database is named with --store (--dir is a usage error).',
      ].join('\n'),
    );
  });
});
