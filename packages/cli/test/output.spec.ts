import { createOutput } from '../src/output';

describe('createOutput', () => {
  let stdout: string;
  let stderr: string;
  const io = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text) };

  beforeEach(() => {
    stdout = '';
    stderr = '';
  });

  it('prints the human text, ending with one newline, and nothing for empty text', () => {
    const output = createOutput(io, false);

    output.result({ ignored: true }, () => 'two\nlines');
    output.result({}, () => 'done\n');
    output.result({}, () => '');

    expect(stdout).toBe('two\nlines\ndone\n');
  });

  it('prints one JSON document with --json, and never calls the human formatter', () => {
    const human = jest.fn(() => 'text');

    createOutput(io, true).result({ events: [{ seq: 1 }] }, human);

    expect(JSON.parse(stdout)).toStrictEqual({ events: [{ seq: 1 }] });
    expect(human).not.toHaveBeenCalled();
  });

  it('prints errors on stderr, and as `{ error }` on stdout with --json', () => {
    const report = { code: 'APPROVAL_NOT_FOUND', message: 'No approval a1', exitCode: 1, expected: true };

    createOutput(io, false).error(report);
    expect([stdout, stderr]).toStrictEqual(['', 'brane: APPROVAL_NOT_FOUND: No approval a1\n']);

    createOutput(io, true).error({ ...report, code: 'USAGE', message: 'Give a file or --dir' });
    expect(JSON.parse(stdout)).toStrictEqual({ error: { code: 'USAGE', message: 'Give a file or --dir' } });
    expect(stderr).toMatch(/\nbrane: Give a file or --dir\n$/);
  });

  it('escapes what a formatter missed on each line, and the whole error message (security review, finding 4)', () => {
    const output = createOutput(io, false);

    output.result({}, () => 'row one \x1b[2K\rforged\nrow two \u202e');
    output.error({ code: 'NO_AUDIT_LOG', message: 'No log at x\nbrane: ok\x1b[8m', exitCode: 1, expected: true });

    expect(stdout).toBe('row one \\x1b[2K\\rforged\nrow two \\u202e\n');
    expect(stderr).toBe('brane: NO_AUDIT_LOG: No log at x\\nbrane: ok\\x1b[8m\n');
  });
});
