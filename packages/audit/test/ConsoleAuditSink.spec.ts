import type { AuditEvent } from '../src/AuditEvent';
import { ConsoleAuditSink, type ConsoleAuditStream } from '../src/ConsoleAuditSink';
import { base, deniedCall } from './fixtures/lifecycleEvents';

/** 12:00:01.123 local time, whatever the time zone of the machine running the tests. */
const NOON = new Date(2026, 2, 1, 12, 0, 1, 123).toISOString();

class FakeStream implements ConsoleAuditStream {
  readonly chunks: string[] = [];

  constructor(readonly isTTY = false) {}

  write(text: string): boolean {
    this.chunks.push(text);
    return true;
  }

  get lines(): string[] {
    return this.chunks.join('').split('\n').slice(0, -1);
  }
}

function at<T extends AuditEvent>(event: T): T {
  return { ...event, time: NOON };
}

describe('ConsoleAuditSink', () => {
  const env = process.env['NO_COLOR'];

  afterEach(() => {
    if (env === undefined) delete process.env['NO_COLOR'];
    else process.env['NO_COLOR'] = env;
  });

  it('writes one readable line per event, in a single write per batch', () => {
    const stream = new FakeStream();
    const sink = new ConsoleAuditSink({ stream });

    sink.write(deniedCall().map(at));

    expect(stream.chunks).toHaveLength(1);
    expect(stream.lines).toEqual([
      '12:00:01.123 refund_customer      CALL     risk=high {"customerId":"cust_456","amount":349}',
      '12:00:01.123 refund_customer      policy   before refund_amount_limit@1.0 -> deny (0.04 ms)  Refund of $349 exceeds the $100 limit',
      '12:00:01.123 refund_customer      DENY     refund_amount_limit@1.0  Refund of $349 exceeds the $100 limit',
      '12:00:01.123 refund_customer      DONE     denied (before): Refund of $349 exceeds the $100 limit',
    ]);
  });

  it('describes executions, after-stage decisions, shadow and failed policies, and approvals', () => {
    const stream = new FakeStream();
    const sink = new ConsoleAuditSink({ stream });
    const b = { ...base(), time: NOON };
    const redact = { type: 'redact', decisionId: 'd2', policyName: 'pii' };

    sink.writeSync([
      { ...b, type: 'action.executed', durationMs: 12.4 },
      { ...b, type: 'action.executed', durationMs: 3, error: { name: 'TypeError', message: 'boom' } },
      {
        ...b,
        type: 'policy.evaluated',
        stage: 'after',
        policyName: 'beta',
        decision: { type: 'allow', decisionId: 'd1' },
        durationMs: 150,
        enforced: false,
        failure: 'POLICY_TIMEOUT',
      },
      { ...b, type: 'decision.enforced', stage: 'after', decision: redact, markedForReview: true },
      {
        ...b,
        type: 'decision.enforced',
        stage: 'before',
        decision: { type: 'allow', decisionId: 'd3' },
        markedForReview: false,
      },
      { ...b, type: 'action.completed', outcome: 'approval_required', approvalId: 'apr_1' },
      {
        ...b,
        type: 'approval.requested',
        approvalId: 'apr_1',
        approverGroups: ['finance', 'ops'],
        expiresAt: 'tomorrow',
      },
      { ...b, type: 'approval.rejected', approvalId: 'apr_1', by: 'bob', comment: 'not this one' },
    ]);

    expect(stream.lines.map((line) => line.slice(13))).toEqual([
      'refund_customer      RAN      12 ms',
      'refund_customer      THREW    TypeError: boom (3.00 ms)',
      'refund_customer      policy   after beta -> allow (150 ms, shadow, POLICY_TIMEOUT)',
      'refund_customer      REDACT   pii (after) [review]',
      'refund_customer      ALLOW    -',
      'refund_customer      DONE     approval_required [approval apr_1]',
      'refund_customer      APPROVAL requested apr_1 for finance, ops expires tomorrow',
      'refund_customer      APPROVAL rejected apr_1 by bob "not this one"',
    ]);
  });

  it('keeps one event on one line: control characters are escaped, long arguments cut', () => {
    const stream = new FakeStream();
    const sink = new ConsoleAuditSink({ stream });
    const b = { ...base(), time: NOON };

    sink.write([
      { ...b, type: 'action.completed', outcome: 'denied', reason: 'line one\nline two \x1b[31mred\x1b[0m' },
      { ...b, type: 'action.created', risk: 'low', capabilityType: 'tool', args: { text: 'x'.repeat(500), n: 10n } },
    ]);

    expect(stream.lines).toHaveLength(2);
    expect(stream.lines[0]).toContain('denied: line one\\nline two \\x1b[31mred\\x1b[0m');
    expect(stream.lines[1]).toMatch(/risk=low \{"text":"x+\.\.\.$/);
    expect(stream.lines[1]!.length).toBeLessThan(200);
  });

  it('shows a time it cannot parse as it is', () => {
    const stream = new FakeStream();

    new ConsoleAuditSink({ stream }).write([{ ...base(), time: 'yesterday', type: 'action.executed', durationMs: 1 }]);

    expect(stream.lines[0]).toMatch(/^yesterday refund_customer/);
  });

  it('colours only a TTY, and not when NO_COLOR is set', () => {
    const event = at(deniedCall()[2]!);
    delete process.env['NO_COLOR'];
    const tty = new FakeStream(true);
    const pipe = new FakeStream(false);
    new ConsoleAuditSink({ stream: tty }).write([event]);
    new ConsoleAuditSink({ stream: pipe }).write([event]);
    process.env['NO_COLOR'] = '1';
    const noColor = new FakeStream(true);
    new ConsoleAuditSink({ stream: noColor }).write([event]);
    process.env['NO_COLOR'] = '';
    const emptyNoColor = new FakeStream(true);
    new ConsoleAuditSink({ stream: emptyNoColor }).write([event]);
    const forced = new FakeStream(false);
    new ConsoleAuditSink({ stream: forced, color: true }).write([event]);

    expect(tty.chunks[0]).toBe(
      '\x1b[2m12:00:01.123\x1b[22m refund_customer      \x1b[1;31mDENY    \x1b[22;39m refund_amount_limit@1.0  Refund of $349 exceeds the $100 limit\n',
    );
    expect(pipe.chunks[0]).not.toContain('\x1b');
    expect(noColor.chunks[0]).not.toContain('\x1b');
    expect(emptyNoColor.chunks[0]).toContain('\x1b');
    expect(forced.chunks[0]).toContain('\x1b');
  });

  it('writes to process.stderr by default and skips empty batches', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const sink = new ConsoleAuditSink({ color: false });

    sink.write([]);
    sink.write([at(deniedCall()[3]!)]);

    expect(sink.name).toBe('console');
    expect(write).toHaveBeenCalledTimes(1);
    expect(write).toHaveBeenCalledWith(expect.stringContaining('DONE     denied (before)'));
    write.mockRestore();
  });
});
