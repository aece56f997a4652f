import * as fs from 'node:fs';
import * as path from 'node:path';
import { compactLine, GENESIS_HASH, JsonlFileSink, type AuditEvent } from '@brane/audit';
import { allowedSearch, deniedRefund } from '../fixtures/auditEvents';
import { makeTempDir, removeTempDir, runCli } from '../fixtures/runCli';

/** Writes `events` to the log `file` of `directory` through the real sink, hash chain and head file included. */
async function writeLog(directory: string, file: string, events: readonly AuditEvent[]): Promise<void> {
  const sink = new JsonlFileSink({ directory, file, flushIntervalMs: 0 });
  await sink.write(events);
  await sink.close();
}

describe('brane audit', () => {
  let root: string;
  let dir: string;
  const cli = (args: readonly string[]) => runCli(['audit', ...args], { cwd: root });
  const types = (events: readonly AuditEvent[]) => events.map((event) => `${event.capability} ${event.type}`);

  beforeEach(async () => {
    root = makeTempDir();
    dir = path.join(root, '.brane', 'audit');
    await writeLog(dir, 'a.jsonl', deniedRefund({ time: '2026-11-21T10:00:00.000Z' }));
    await writeLog(
      dir,
      'b.jsonl',
      allowedSearch({ time: '2026-11-21T12:00:00.000Z', tenantId: 'globex', actionId: 'A2' }),
    );
  });

  afterEach(() => {
    removeTempDir(root);
  });

  describe('tail', () => {
    it('prints the last 20 events of the default directory, oldest first, one line each', async () => {
      const result = await cli(['tail']);

      expect(result).toMatchObject({ code: 0, stderr: '' });
      const lines = result.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(9);
      expect(lines[0]).toMatch(/^TIME\s+TYPE\s+CAPABILITY\s+ACTION\s+DETAIL$/);
      expect(lines[1]).toMatch(
        /^2026-11-21T10:00:00\.000Z {2}action\.created {5}refund_customer {2}\S+ {2}high-risk tool for acme\/user_7/,
      );
      expect(lines[8]).toMatch(/^2026-11-21T12:00:00\.000Z {2}action\.completed {3}search_docs {6}A2 +allowed$/);
    });

    it('prints the last -n events as JSON', async () => {
      const result = await cli(['tail', '-n', '2', '--json']);

      expect(result.code).toBe(0);
      const { directory, events } = result.json<{ directory: string; events: AuditEvent[] }>();
      expect(directory).toBe(dir);
      expect(events).toStrictEqual(
        allowedSearch({ time: '2026-11-21T12:00:00.000Z', tenantId: 'globex', actionId: 'A2' }).slice(2),
      );
    });

    it('takes the filters too', async () => {
      const result = await cli(['tail', '--lines', '1', '--capability', 'refund_customer', '--json']);

      expect(types(result.json<{ events: AuditEvent[] }>().events)).toStrictEqual(['refund_customer action.completed']);
    });

    it('fails with NO_AUDIT_LOG (exit 1) without a log directory', async () => {
      const result = await cli(['tail', '--dir', 'nowhere', '--json']);

      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `brane: NO_AUDIT_LOG: No audit log directory at ${path.join(root, 'nowhere')} (pass --dir, or configure the runtime's JSONL audit sink)\n`,
      );
      expect(result.json()).toMatchObject({ error: { code: 'NO_AUDIT_LOG' } });
    });
  });

  describe('hostile values (security review, finding 4)', () => {
    const hostile = 'No customer x\x1b[2K\x1b[1A\rOK  refund approved\n\u202eevil\x07\x9b8m';
    // eslint-disable-next-line no-control-regex -- what must not reach the terminal
    const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

    beforeEach(async () => {
      const fields = { time: '2026-11-21T13:00:00.000Z', actionId: 'A3', capability: `refund\n${hostile}` };
      const events = deniedRefund(fields).map((event) =>
        event.type === 'action.completed' ? { ...event, reason: hostile } : event,
      );
      await writeLog(dir, 'c.jsonl', [
        ...events,
        {
          ...fields,
          traceId: 't',
          environment: 'prod',
          type: 'action.executed',
          durationMs: 1,
          error: { name: 'Error', message: hostile },
        },
      ]);
    });

    it.each([[['tail', '-n', '50']], [['query']], [['stats']]])(
      '%p prints every value escaped, one event per line',
      async (args) => {
        const result = await cli(args);
        const json = await cli([...args, '--json']);

        expect(result.code).toBe(0);
        expect(result.stdout).not.toMatch(UNSAFE);
        expect(result.stdout).toContain(
          'No customer x\\x1b[2K\\x1b[1A\\rOK  refund approved\\n\\u202eevil\\x07\\x9b8m',
        );
        if (args[0] !== 'stats') {
          const events = json.json<{ events: AuditEvent[] }>().events;
          expect(result.stdout.trimEnd().split('\n')).toHaveLength(events.length + 1); // the header, then one per event
        }
      },
    );
  });

  describe('an event nested too deeply for JSON to write (a line anyone can write)', () => {
    const deep = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const time = '2026-11-21T14:00:00.000Z';

    beforeEach(() => {
      // Format 3, an action record whose arguments are nested 20,000 deep, and format 2, a step event.
      const body = `"t":"${time}","a":"D3","c":"deep_tool","ar":${deep(20_000)}`;
      const v2 = `{"seq":1,"prev":"${GENESIS_HASH}","hash":"${'a'.repeat(64)}","event":{"type":"action.created","time":"${time}","actionId":"D2","capability":"deep_tool","args":${deep(20_000)}}}`;
      fs.writeFileSync(path.join(dir, 'c.jsonl'), compactLine(1, GENESIS_HASH, body).line);
      fs.writeFileSync(path.join(dir, 'd.jsonl'), `${v2}\n`);
    });

    it.each([[['tail', '-n', '50']], [['query']], [['query', '--capability', 'deep_tool']]])(
      '%p --json prints it as malformed, in its place, and the others as they are',
      async (args) => {
        const result = await cli([...args, '--json']);

        expect(result).toMatchObject({ code: 0, stderr: '' });
        const { events } = result.json<{ events: Record<string, unknown>[] }>();
        const malformed = events.filter((event) => 'malformed' in event);
        expect(malformed).toStrictEqual([
          {
            malformed: 'The event is nested too deeply to print as JSON',
            type: 'action',
            time,
            actionId: 'D3',
            capability: 'deep_tool',
          },
          {
            malformed: 'The event is nested too deeply to print as JSON',
            type: 'action.created',
            time,
            actionId: 'D2',
            capability: 'deep_tool',
          },
        ]);
        if (args.length < 3) expect(events).toHaveLength(10);
      },
    );

    it('prints it as a row of its own without --json', async () => {
      const result = await cli(['tail', '-n', '2']);

      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        / {2}action +deep_tool +D3 +not an event of a known shape: \(nested too deeply to print\)\n/,
      );
      expect(result.stdout).toMatch(/ {2}action\.created +deep_tool +D2 +not an event of a known shape/);
    });
  });

  describe('query', () => {
    it.each([
      [
        ['--decision', 'deny'],
        ['refund_customer policy.evaluated', 'refund_customer decision.enforced'],
      ],
      [['--decision', 'denied'], ['refund_customer action.completed']],
      [
        ['--type', 'action.completed'],
        ['refund_customer action.completed', 'search_docs action.completed'],
      ],
      [['--tenant', 'globex', '--limit', '1'], ['search_docs action.created']],
      [['--since', '2026-11-21T11:00:00Z', '--type', 'action.created'], ['search_docs action.created']],
      [['--until', '2026-11-21T11:00', '--type', 'action.created'], ['refund_customer action.created']],
      [['--capability', 'search_docs', '--decision', 'allow'], ['search_docs decision.enforced']],
    ])('selects the events matching %p, in log order', async (filters, expected) => {
      const result = await cli(['query', ...filters, '--json']);

      expect(result.code).toBe(0);
      expect(types(result.json<{ events: AuditEvent[] }>().events)).toStrictEqual(expected);
    });

    it('prints a table, or says nothing matched', async () => {
      const found = await cli(['query', '--decision', 'denied']);
      const none = await cli(['query', '--capability', 'wire_funds']);

      expect(found.stdout).toMatch(
        /^TIME.*\n2026-11-21T10:00:00\.000Z {2}action\.completed .* denied \(before\): Refund exceeds the limit\n$/,
      );
      expect(none).toMatchObject({ code: 0, stdout: `No matching events in ${dir}\n` });
    });

    it('streams a large result a page at a time: the JSON is one document, the table has one header', async () => {
      const many = Array.from({ length: 2_500 }, (_, index) =>
        allowedSearch({ time: '2026-11-21T13:00:00.000Z', tenantId: 'initech', actionId: `M${index}` }),
      ).flat();
      await writeLog(dir, 'c.jsonl', many);

      const json = await cli(['query', '--tenant', 'initech', '--json']);
      const table = await cli(['query', '--tenant', 'initech']);

      expect(json.code).toBe(0);
      expect(json.json<{ directory: string; events: AuditEvent[] }>()).toStrictEqual({ directory: dir, events: many });
      const lines = table.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(many.length + 1);
      expect(lines.filter((line) => line.startsWith('TIME'))).toHaveLength(1);
    });

    it.each([
      [['--since', 'yesterday'], /option '--since <time>' argument 'yesterday' is invalid. Expected an ISO 8601 date/],
      [
        ['--since', '2026-11-22', '--until', '2026-11-21'],
        /^brane: --since \(2026-11-22T00:00:00\.000Z\) must be before --until/,
      ],
      [
        ['--type', 'action.deleted'],
        /argument 'action.deleted' is invalid. Allowed choices are action, action.created, /,
      ],
      [['--limit', '0'], /option '--limit <count>' argument '0' is invalid. Expected a positive integer/],
    ])('is a usage error (exit 2): %p', async (args, message) => {
      const result = await cli(['query', ...args]);

      expect(result).toMatchObject({ code: 2, stdout: expect.not.stringMatching(/TIME/) as string });
      expect(result.stderr).toMatch(message);
    });
  });

  describe('stats', () => {
    it('counts the events: by type, by outcome, and actions by capability', async () => {
      const result = await cli(['stats']);

      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /^8 events in 2 actions\n\nBy type\n {2}action\.completed {3}2\n {2}action\.created {5}2\n/,
      );
      expect(result.stdout).toMatch(/\nBy outcome \(completed actions\)\n {2}allowed {2}1\n {2}denied {3}1\n/);
      expect(result.stdout).toMatch(/\nBy capability \(actions\)\n {2}refund_customer {2}1\n {2}search_docs {6}1\n$/);
    });

    it('prints them as JSON, filtered', async () => {
      const all = await cli(['stats', '--json']);
      const acme = await cli(['stats', '--tenant', 'acme', '--json']);

      expect(all.json()).toStrictEqual({
        directory: dir,
        events: 8,
        actions: 2,
        byType: {
          'action.created': 2,
          'policy.evaluated': 1,
          'decision.enforced': 2,
          'action.completed': 2,
          'action.executed': 1,
        },
        byOutcome: { denied: 1, allowed: 1 },
        byCapability: { refund_customer: 1, search_docs: 1 },
      });
      expect(acme.json()).toMatchObject({ events: 4, actions: 1, byCapability: { refund_customer: 1 } });
    });
  });

  describe('verify', () => {
    const log = (name: string) => path.join(dir, name);

    it('passes (exit 0) when every log is whole', async () => {
      const result = await cli(['verify']);

      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toBe(
        [
          'ok      .brane/audit/a.jsonl  4 records',
          'ok      .brane/audit/b.jsonl  4 records',
          '2 logs, 8 records: whole and unaltered',
          '',
        ].join('\n'),
      );
      expect((await cli(['verify', '--json'])).json()).toMatchObject({
        ok: true,
        records: 8,
        logs: [
          { file: log('a.jsonl'), ok: true, records: 4, problems: [] },
          { file: log('b.jsonl'), ok: true },
        ],
      });
    });

    it('fails (exit 1) on an edited record, naming the file, the line and the kind', async () => {
      fs.writeFileSync(
        log('a.jsonl'),
        fs.readFileSync(log('a.jsonl'), 'utf8').replace('"amountUsd":349', '"amountUsd":34'),
      );

      const result = await cli(['verify']);

      expect(result.code).toBe(1);
      expect(result.stdout).toBe(
        [
          'FAILED  .brane/audit/a.jsonl  4 records, 1 problem',
          '  .brane/audit/a.jsonl:1: edited: Record 1 was altered: its hash does not match its content',
          'ok      .brane/audit/b.jsonl  4 records',
          '2 logs, 8 records: 1 problem in 1 log',
          '',
        ].join('\n'),
      );
      expect((await cli(['verify', '--json'])).json()).toMatchObject({
        ok: false,
        logs: [{ ok: false, problems: [{ line: 1, kind: 'edited' }] }, { ok: true }],
      });
    });

    it('reports records cut off the end, and a missing head file (no line: it is the head file)', async () => {
      const lines = fs.readFileSync(log('b.jsonl'), 'utf8').split('\n');
      fs.writeFileSync(log('b.jsonl'), `${lines.slice(0, 2).join('\n')}\n`);
      fs.rmSync(log('a.jsonl.head'));

      const result = await cli(['verify', '--json']);

      expect(result.code).toBe(1);
      expect(result.json()).toMatchObject({
        ok: false,
        logs: [{ problems: [{ line: 0, kind: 'head' }] }, { records: 2, problems: [{ line: 3, kind: 'truncated' }] }],
      });
      expect((await cli(['verify'])).stdout).toMatch(
        /\n {2}\.brane\/audit\/a\.jsonl\.head: head: The head file a\.jsonl\.head is missing/,
      );
    });

    it('verifies one log given as FILE, or a directory given as FILE', async () => {
      fs.writeFileSync(log('a.jsonl'), '');

      expect(await cli(['verify', '.brane/audit/b.jsonl'])).toMatchObject({
        code: 0,
        stdout: 'ok      .brane/audit/b.jsonl  4 records\n1 log, 4 records: whole and unaltered\n',
      });
      expect((await cli(['verify', log('b.jsonl'), '--json'])).json()).toMatchObject({
        ok: true,
        logs: [{ file: log('b.jsonl') }],
      });
      expect((await cli(['verify', dir])).code).toBe(1);
      expect((await cli(['verify', '--dir', '.brane/audit'])).code).toBe(1);
    });

    it('says so when a directory holds no logs (exit 0)', async () => {
      fs.mkdirSync(path.join(root, 'empty'));

      expect(await cli(['verify', '--dir', 'empty'])).toMatchObject({
        code: 0,
        stdout: 'No audit logs in empty: nothing to verify\n',
      });
      expect((await cli(['verify', '--dir', 'empty', '--json'])).json()).toStrictEqual({
        ok: true,
        records: 0,
        logs: [],
      });
    });

    it('fails with NO_AUDIT_LOG (exit 1) for a file or directory that does not exist', async () => {
      const result = await cli(['verify', 'missing.jsonl']);

      expect(result).toMatchObject({
        code: 1,
        stderr: `brane: NO_AUDIT_LOG: No audit log or directory at ${path.join(root, 'missing.jsonl')}\n`,
      });
    });

    it('is a usage error (exit 2) to give both FILE and --dir', async () => {
      const result = await cli(['verify', 'a.jsonl', '--dir', '.brane/audit', '--json']);

      expect(result.code).toBe(2);
      expect(result.stderr).toBe('brane: Give either a log file or --dir, not both\n');
      expect(result.json()).toStrictEqual({
        error: { code: 'USAGE', message: 'Give either a log file or --dir, not both' },
      });
    });
  });
});
