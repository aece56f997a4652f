import { Command } from 'commander';
import { processIo } from '../src/CliIo';
import { CliError } from '../src/CliError';
import { commandAction } from '../src/commandAction';

describe('commandAction', () => {
  let stdout: string;
  let stderr: string;
  let exits: number[];
  const io = (env: Record<string, string> = {}) =>
    processIo({
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      exit: (code) => exits.push(code),
      env,
    });
  const runCommand = async (
    handler: Parameters<typeof commandAction>[2],
    args: string[] = [],
    env?: Record<string, string>,
  ) => commandAction(new Command('demo').argument('[value]'), io(env), handler).parseAsync(args, { from: 'user' });

  beforeEach(() => {
    stdout = '';
    stderr = '';
    exits = [];
  });

  it('adds --json and passes the options, the arguments and the output to the handler; exits 0', async () => {
    await runCommand(
      async ({ options, args, output }) => {
        output.result({ options, args }, () => 'human');
      },
      ['x', '--json'],
    );

    expect(JSON.parse(stdout)).toStrictEqual({ options: { json: true }, args: ['x'] });
    expect(exits).toStrictEqual([0]);
  });

  it('exits with the code the handler returns', async () => {
    await runCommand(async () => 1);

    expect(exits).toStrictEqual([1]);
  });

  it('prints an expected error on one line and exits with its code', async () => {
    await runCommand(async () => {
      throw new CliError('NO_AUDIT_LOG', 'No audit log directory at /x', { exitCode: 1 });
    });

    expect([stdout, stderr, exits]).toStrictEqual(['', 'brane: NO_AUDIT_LOG: No audit log directory at /x\n', [1]]);
  });

  it('reports an unexpected error with exit 1, and its stack only with BRANE_DEBUG', async () => {
    const bug = async (): Promise<void> => {
      throw new TypeError('Cannot read properties of undefined');
    };

    await runCommand(bug);
    expect(stderr).toBe(
      'brane: UNEXPECTED: Cannot read properties of undefined\nbrane: set BRANE_DEBUG=1 to see the stack\n',
    );

    stderr = '';
    await runCommand(bug, [], { BRANE_DEBUG: '1' });
    expect(stderr).toMatch(
      /^brane: UNEXPECTED: Cannot read properties of undefined\nTypeError: Cannot read properties of undefined\n {4}at /,
    );
    expect(exits).toStrictEqual([1, 1]);
  });
});
