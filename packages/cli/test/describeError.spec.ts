import { ApprovalExpiredError, BraneError } from '@brane/errors';
import { CliError, usageError } from '../src/CliError';
import { describeError } from '../src/describeError';

describe('describeError', () => {
  it('keeps the code and exit code of a CliError', () => {
    expect(describeError(new CliError('NO_AUDIT_LOG', 'No audit log'))).toStrictEqual({
      code: 'NO_AUDIT_LOG',
      message: 'No audit log',
      exitCode: 1,
      expected: true,
    });
    expect(describeError(usageError('Give either a file or --dir'))).toMatchObject({ code: 'USAGE', exitCode: 2 });
  });

  it('reads a Brane error as an expected failure with its code, on one line', () => {
    const expired = new ApprovalExpiredError({
      approvalId: 'a1',
      capability: 'refund',
      expiresAt: '2026-01-01T00:00:00.000Z',
    });

    expect(describeError(expired)).toMatchObject({ code: 'APPROVAL_EXPIRED', exitCode: 1, expected: true });
    expect(describeError(new BraneError('INVALID_ARGUMENT', 'first line\n  second line'))).toMatchObject({
      message: 'first line second line',
    });
  });

  it('reads a file-system error as an expected failure', () => {
    const error = Object.assign(new Error("EACCES: permission denied, open '/x'"), { code: 'EACCES' });

    expect(describeError(error)).toStrictEqual({ code: 'EACCES', message: error.message, exitCode: 1, expected: true });
  });

  it.each([[new TypeError('x is not a function')], ['a thrown string']])(
    'reads anything else (%p) as unexpected',
    (error) => {
      expect(describeError(error)).toMatchObject({ code: 'UNEXPECTED', exitCode: 1, expected: false });
    },
  );

  it('bounds a long message before joining its lines (security review, finding 10)', () => {
    const report = describeError(new Error(`boom\n${' '.repeat(1_000_000)}x`));

    expect(report.message.length).toBeLessThanOrEqual(2100);
    expect(report.message).toMatch(/^boom … \[cut [\d,]+ characters\]$/);
  });
});
