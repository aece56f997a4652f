import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { ApprovalService, FileApprovalStore, loadOrCreateSecret } from '@brane/approvals';
import { JsonlFileSink, type AuditEvent } from '@brane/audit';
import { run } from '@brane/cli';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * Security review, findings 4 and 5: a value an agent, a policy or a store wrote is printed to an operator's
 * terminal as inert text, by every command. For any hostile strings (ANSI sequences that erase, move the cursor,
 * conceal or link; one-byte CSI and OSC; CR, LF, BEL, NUL, DEL; bidi overrides and isolates; line and paragraph
 * separators; text that imitates the CLI's own rows) placed in a capability name, argument names and values, a
 * reason, a context, an approver's name and comment, an error message, and a runtime's capability and problem
 * names, each of `audit tail`, `query`, `stats`, `approvals list`, `show`, `approve`, `reject` and
 * `policies --check`:
 *
 * - prints no character a terminal acts on, on stdout or stderr (a newline only between lines it means);
 * - prints exactly one line per event or approval, under one header;
 * - and `approvals show` ends with the one `Arguments` header and one row per bound argument, in order, each the
 *   argument's own name and value: a reason cannot forge or hide an argument row.
 */
const CASES = 40;

// eslint-disable-next-line no-control-regex -- what must never reach the terminal
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

const PIECES = [
  '\u001b[2K',
  '\u001b[1A',
  '\u001b[8m',
  '\u001b[0m',
  '\u001b]8;;https://evil.example\u0007',
  '\u001b]0;title\u001b\\',
  '\u009b2K',
  '\u009d0;t\u009c',
  '\r',
  '\n',
  '\r\n',
  '\u0007',
  '\u0000',
  '\u007f',
  '\t',
  '\u202e',
  '\u202d',
  '\u2066',
  '\u2069',
  '\u200f',
  '\u061c',
  '\u2028',
  '\u2029',
  '\u0085',
  '  amount      25',
  'Arguments (1 argument): approving runs refund with exactly these',
  'brane: ok',
  '$25',
  'é',
  '😀',
];
const hostile = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PIECES) }, fc.string({ maxLength: 6 })), {
    minLength: 1,
    maxLength: 10,
  })
  .map((parts) => `x${parts.join('')}`);

const scenario = fc.record({
  capability: hostile,
  argNames: fc.uniqueArray(hostile, { minLength: 1, maxLength: 3 }),
  argValue: hostile,
  reason: hostile,
  context: hostile,
  approver: fc.oneof(hostile, fc.constantFrom('maria@finance', 'Arguments (1 argument): x', '  amount  25')),
  comment: hostile,
  error: hostile,
  decide: fc.constantFrom('approve', 'reject', 'none'),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const ID = '01HZX0000000000000000000AA';
const T0 = 1_700_000_000_000;

interface Printed {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function brane(args: readonly string[], cwd: string, importModule?: (url: string) => Promise<unknown>) {
  let stdout = '';
  let stderr = '';
  const code = await run(['node', 'brane', ...args], {
    cwd,
    env: {},
    now: () => T0 + 60_000,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    exit: () => undefined,
    ...(importModule === undefined ? {} : { importModule }),
  });
  return { code, stdout, stderr } satisfies Printed;
}

async function prepare(root: string, s: Scenario): Promise<Record<string, unknown>> {
  const dir = path.join(root, '.brane', 'approvals');
  const service = new ApprovalService({
    store: new FileApprovalStore({ directory: dir }),
    secret: await loadOrCreateSecret(dir),
    now: () => T0,
  });
  const args = Object.fromEntries(s.argNames.map((name, index) => [name, index === 0 ? s.argValue : 25_000]));
  await service.request({
    id: ID,
    capability: s.capability,
    args,
    tenantId: 'acme',
    principalId: 'user_7',
    environment: 'prod',
    actionId: 'act_1',
    traceId: 'trace_1',
    policies: [{ name: 'refund-limit' }],
    request: { approverGroups: ['finance'], reason: s.reason, context: { note: s.context } },
    expiresInMs: 3_600_000,
  });
  const fields = { time: '2026-11-21T10:00:00.000Z', actionId: 'a1', traceId: 't1', environment: 'prod' };
  const events: AuditEvent[] = [
    { ...fields, capability: s.capability, type: 'action.created', risk: 'high', capabilityType: 'tool', args },
    {
      ...fields,
      capability: s.capability,
      type: 'action.executed',
      durationMs: 1,
      error: { name: 'Error', message: s.error },
    },
    { ...fields, capability: s.capability, type: 'action.completed', outcome: 'failed', reason: s.reason },
  ];
  const sink = new JsonlFileSink({ directory: path.join(root, '.brane', 'audit'), file: 'a.jsonl' });
  await sink.write(events);
  await sink.close();
  return (await service.get(ID)).args;
}

/** A module whose runtime's capability and problem names are hostile, for `brane policies --check`. */
function hostileRuntime(s: Scenario) {
  return () =>
    Promise.resolve({
      runtime: {
        capabilities: [{ name: s.capability, type: 'tool', risk: 'high' }],
        policies: [{ name: s.reason, stage: 'before', targets: [s.comment], priority: 0, mode: 'enforce' }],
        validate: () => ({
          problems: [{ code: 'UNKNOWN_TARGET', policy: s.reason, target: s.comment, message: s.error }],
        }),
      },
    });
}

describe('reliability: what the CLI prints is inert (security review, findings 4 and 5)', () => {
  jest.setTimeout(600_000);

  it('prints every hostile value escaped, one row each, with the bound arguments last', async () => {
    const figures = { cases: 0, commands: 0, decided: 0, unsafe: 0, wrongLines: 0, wrongArguments: 0 };
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-terminal-'));
        try {
          const args = await prepare(root, s);
          fs.writeFileSync(path.join(root, 'agent.mjs'), '');
          if (s.decide !== 'none') {
            const decided = await brane(
              ['approvals', s.decide, ID, '--approver', s.approver, '--comment', s.comment],
              root,
            );
            check(decided, 'decide');
            if (decided.code === 0) figures.decided += 1;
          }
          const printed: [string, Printed][] = [
            ['tail', await brane(['audit', 'tail'], root)],
            ['query', await brane(['audit', 'query'], root)],
            ['stats', await brane(['audit', 'stats'], root)],
            ['list', await brane(['approvals', 'list'], root)],
            ['show', await brane(['approvals', 'show', ID], root)],
            ['policies', await brane(['policies', 'agent.mjs', '--check'], root, hostileRuntime(s))],
          ];
          for (const [name, output] of printed) check(output, name);
          const lines = (name: string): string[] =>
            (printed.find(([command]) => command === name)?.[1].stdout ?? '').trimEnd().split('\n');
          if (lines('tail').length !== 4 || lines('query').length !== 4 || lines('list').length !== 2) {
            figures.wrongLines += 1;
          }
          const shown = lines('show');
          const rows = Object.entries(args);
          const tail = shown.slice(-rows.length - 1);
          const header = shown.filter((line) => line.startsWith('Arguments ('));
          const rowsMatch = rows.every(([name, value], index) => {
            const row = tail[index + 1] ?? '';
            return row.startsWith(`  ${escaped(name)}`) && row.endsWith(`  ${escaped(JSON.stringify(value))}`);
          });
          if (header.length !== 1 || tail[0] !== header[0] || !rowsMatch) figures.wrongArguments += 1;
          figures.cases += 1;
          return figures.unsafe + figures.wrongLines + figures.wrongArguments === 0;
        } finally {
          fs.rmSync(root, { recursive: true, force: true });
        }
      }),
      propertyParameters(CASES),
    );

    function check(output: Printed, name: string): void {
      figures.commands += 1;
      // Reading commands must succeed; deciding may be refused (an approver name with control characters is).
      if (output.code !== 0 && name !== 'policies' && name !== 'decide') figures.unsafe += 1;
      if (UNSAFE.test(output.stdout) || UNSAFE.test(output.stderr)) figures.unsafe += 1;
    }

    reportFigures('terminal output', figures);
    expect(figures).toMatchObject({ unsafe: 0, wrongLines: 0, wrongArguments: 0 });
    expect(figures.commands).toBeGreaterThanOrEqual(figures.cases * 6);
  });
});

describe('reliability: an unexpected error and its stack are printed inert (BRANE_DEBUG=1)', () => {
  jest.setTimeout(600_000);

  // A bug in a runtime's module (here `validate` throws a plain Error quoting hostile text) is an unexpected error:
  // with BRANE_DEBUG=1 its stack is printed, and the stack begins with the message.
  it('escapes every line of the stack', async () => {
    const figures = { cases: 0, unsafe: 0, unexpected: 0 };
    await fc.assert(
      fc.asyncProperty(hostile, async (message) => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-terminal-'));
        try {
          fs.writeFileSync(path.join(root, 'agent.mjs'), '');
          let stdout = '';
          let stderr = '';
          const runtime = {
            capabilities: [],
            policies: [],
            validate: () => {
              throw new Error(message);
            },
          };
          await run(['node', 'brane', 'policies', 'agent.mjs', '--check'], {
            cwd: root,
            env: { BRANE_DEBUG: '1' },
            stdout: (text) => (stdout += text),
            stderr: (text) => (stderr += text),
            exit: () => undefined,
            importModule: () => Promise.resolve({ runtime }),
          });
          if (stderr.includes('UNEXPECTED')) figures.unexpected += 1;
          if (UNSAFE.test(stdout) || UNSAFE.test(stderr)) figures.unsafe += 1;
          figures.cases += 1;
          return figures.unsafe === 0;
        } finally {
          fs.rmSync(root, { recursive: true, force: true });
        }
      }),
      propertyParameters(CASES),
    );
    reportFigures('terminal output of unexpected errors', figures);
    expect(figures.unsafe).toBe(0);
    expect(figures.unexpected).toBe(figures.cases);
  });
});

/** The escaping the CLI must apply, written apart from `escapeForTerminal` (by code point, no regex). */
function escaped(text: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  const bidi = [0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e];
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    const format = bidi.includes(code) || (code >= 0x2066 && code <= 0x2069);
    if (named[char] !== undefined) out += named[char];
    else if (control) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (format) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return out;
}
