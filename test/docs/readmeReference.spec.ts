import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonlFileSinkOptions } from '@brane/audit';
import { run } from '@brane/cli';
import { governMcpClient } from '@brane/mcp';
import {
  AuditError,
  Decision,
  InMemoryApprovalStore,
  JsonlFileSink,
  Runtime,
  currentAction,
  verifyAuditLog,
  type AuditSink,
  type PolicyContext,
} from '@brane/sdk';
import { closeConnections, connect } from '../../packages/mcp/test/support/connect';
import { twoToolServer } from '../../packages/mcp/test/support/twoToolServer';

/**
 * The README's "Shapes and codes, for reference" section, checked against real objects: each shape line is parsed
 * and matched (every documented key present unless marked `?`, no key left undocumented), and each code the
 * section states is produced and compared.
 */
const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const SECTION = /## Shapes and codes, for reference\n([\s\S]*?)\n## /.exec(README)?.[1] ?? '';

type Shape =
  | { readonly kind: 'object'; readonly fields: readonly Field[] }
  | { readonly kind: 'array'; readonly of: Shape }
  | { readonly kind: 'union'; readonly of: readonly Shape[] }
  | { readonly kind: 'any' };
interface Field {
  readonly name: string;
  readonly optional: boolean;
  readonly shape: Shape;
}

/** Parses `{ a, b?: { c }, d: [{ e }] } | { f }`. */
function parseShape(text: string): Shape {
  const tokens = text.match(/[A-Za-z_$][\w$]*|[{}[\]?:,|]/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (expected !== undefined && token !== expected) throw new Error(`expected ${expected}, got ${token} in ${text}`);
    return token ?? '';
  };
  const union = (): Shape => {
    const alternatives = [single()];
    while (peek() === '|') {
      take('|');
      alternatives.push(single());
    }
    return alternatives.length === 1 ? (alternatives[0] as Shape) : { kind: 'union', of: alternatives };
  };
  const single = (): Shape => {
    if (peek() === '[') {
      take('[');
      const of = union();
      take(']');
      return { kind: 'array', of };
    }
    if (peek() !== '{') {
      take();
      return { kind: 'any' };
    }
    take('{');
    const fields: Field[] = [];
    while (peek() !== '}') {
      const name = take();
      const optional = peek() === '?' && take('?') === '?';
      const shape = peek() === ':' && take(':') === ':' ? union() : ({ kind: 'any' } as const);
      fields.push({ name, optional, shape });
      if (peek() === ',') take(',');
    }
    take('}');
    return { kind: 'object', fields };
  };
  const shape = union();
  if (at !== tokens.length) throw new Error(`unparsed rest of ${text}`);
  return shape;
}

/** Where `value` departs from `shape`, or `[]`. */
function mismatches(value: unknown, shape: Shape, where: string): string[] {
  switch (shape.kind) {
    case 'any':
      return [];
    case 'union':
      return shape.of.some((alternative) => mismatches(value, alternative, where).length === 0)
        ? []
        : [`${where}: matches no alternative (${JSON.stringify(value)})`];
    case 'array':
      if (!Array.isArray(value) || value.length === 0) return [`${where}: expected a non-empty array`];
      return value.flatMap((item, index) => mismatches(item, shape.of, `${where}[${index}]`));
    case 'object': {
      if (typeof value !== 'object' || value === null) return [`${where}: expected an object`];
      const record = value as Record<string, unknown>;
      const documented = new Set(shape.fields.map((field) => field.name));
      const problems = Object.keys(record)
        .filter((key) => !documented.has(key))
        .map((key) => `${where}.${key}: not documented`);
      for (const field of shape.fields) {
        if (!(field.name in record)) {
          if (!field.optional) problems.push(`${where}.${field.name}: missing`);
        } else if (record[field.name] !== undefined || !field.optional) {
          problems.push(...mismatches(record[field.name], field.shape, `${where}.${field.name}`));
        }
      }
      return problems;
    }
  }
}

const SHAPE_BLOCK = /```text\n([\s\S]*?)```/.exec(SECTION)?.[1] ?? '';
const SHAPES = new Map(
  [...SHAPE_BLOCK.matchAll(/^(.+?)\s+→ (.+)$/gm)].map((match) => [(match[1] ?? '').trim(), parseShape(match[2] ?? '')]),
);

function documented(label: string): Shape {
  const shape = SHAPES.get(label);
  if (shape === undefined) throw new Error(`The README documents no shape for ${label}`);
  return shape;
}

afterEach(closeConnections);

describe('README: Shapes and codes, for reference', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-readme-'));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('documents the six shapes this test checks, and nothing it does not', () => {
    expect([...SHAPES.keys()]).toStrictEqual([
      'runtime.validate()',
      'verifyAuditLog(file)',
      'action.shadowDecisions[i]',
      'currentAction().route',
      '_meta.brane of a stopped MCP call',
      '_meta.brane of a governed client tool',
    ]);
  });

  it('runtime.validate()', () => {
    const runtime = new Runtime({ unknownTargets: 'ignore' });
    runtime.beforeCapability('refund_custmer', { name: 'typo' }, () => Decision.allow());
    expect(mismatches(runtime.validate(), documented('runtime.validate()'), 'report')).toStrictEqual([]);
  });

  it('verifyAuditLog(file)', async () => {
    const sink = new JsonlFileSink({ directory: root, file: 'a.jsonl' });
    const runtime = new Runtime({ audit: { sinks: [sink] } });
    runtime.capability({ name: 'step' }, () => 1)();
    await runtime.close();
    fs.appendFileSync(path.join(root, 'a.jsonl'), 'not a record\n');
    const verification = await verifyAuditLog(path.join(root, 'a.jsonl'));
    expect(verification.ok).toBe(false);
    expect(mismatches(verification, documented('verifyAuditLog(file)'), 'verification')).toStrictEqual([]);
  });

  it('action.shadowDecisions[i], for a policy that decided and one that failed', () => {
    const runtime = new Runtime();
    runtime.beforeCapability('step', { name: 'new-limit', mode: 'shadow' }, () => Decision.deny('would deny'));
    runtime.beforeCapability('step', { name: 'broken', mode: 'shadow' }, () => {
      throw new Error('bug');
    });
    const step = runtime.capability({ name: 'step' }, () => currentAction()?.shadowDecisions);
    const shadow = step();
    expect(shadow).toHaveLength(2);
    expect(shadow?.[1]?.cause?.code).toBe('POLICY_ERROR');
    for (const entry of shadow ?? []) {
      expect(mismatches(entry, documented('action.shadowDecisions[i]'), 'entry')).toStrictEqual([]);
    }
  });

  it('currentAction().route, in the body of a model capability a route decision sent elsewhere; undefined otherwise', () => {
    const runtime = new Runtime();
    runtime.beforeCapability('chat', { name: 'cheaper' }, (ctx) =>
      ctx.arg<string>('prompt') === 'short' ? Decision.route({ model: 'small' }) : Decision.allow(),
    );
    const chat = runtime.capability(
      {
        name: 'chat',
        type: 'model',
        params: ['prompt'],
        routing: { model: 'large', provider: 'acme', models: ['small'], providers: ['acme'] },
      },
      (prompt: string) => (prompt === '' ? undefined : currentAction()?.route),
    );
    const route = chat('short');
    expect(mismatches(route, documented('currentAction().route'), 'route')).toStrictEqual([]);
    expect(route).toMatchObject({
      from: { capability: 'chat', model: 'large', provider: 'acme' },
      to: { model: 'small' },
    });
    expect(chat('a long question')).toBeUndefined();
  });

  it('_meta.brane of a stopped MCP call (deny and approval) and of a governed client tool', async () => {
    const server = twoToolServer('github');
    const runtime = new Runtime({ approvals: { store: new InMemoryApprovalStore() } });
    runtime.beforeCapability('mcp.github.delete_repo', { name: 'no-deletes', version: '2' }, () =>
      Decision.deny('no deletes'),
    );
    runtime.beforeCapability('mcp.github.create_issue', { name: 'review' }, () =>
      Decision.requireApproval({ approverGroup: 'maintainers', reason: 'new issues are reviewed' }),
    );
    const client = governMcpClient(await connect(server), runtime, {
      server: 'github',
      tools: { 'delete_*': { risk: 'critical', effect: { type: 'delete', external: true } } },
    });

    const stopped = documented('_meta.brane of a stopped MCP call');
    for (const name of ['delete_repo', 'create_issue']) {
      const result = await client.callTool({ name, arguments: { repo: 'brane' } });
      expect(result.isError).toBe(true);
      expect(mismatches(result._meta?.['brane'], stopped, name)).toStrictEqual([]);
    }
    const { tools } = await client.listTools();
    for (const tool of tools) {
      expect(
        mismatches(tool._meta?.['brane'], documented('_meta.brane of a governed client tool'), tool.name),
      ).toStrictEqual([]);
    }
  });

  it('decision.allowed is false for log_only, which runs the capability and is marked for review', () => {
    const decision = Decision.logOnly('look at this');
    expect([decision.allowed, decision.markedForReview, decision.denied]).toStrictEqual([false, true, false]);
    const runtime = new Runtime();
    runtime.beforeCapability('step', { name: 'review' }, () => Decision.logOnly('look at this'));
    expect(runtime.capability({ name: 'step' }, () => 'ran')()).toBe('ran');
    expect(SECTION).toContain('A `log_only` decision runs the capability, but its\n  `allowed` is `false`');
  });

  it.each([
    ['threw', 'POLICY_ERROR', (): never => { throw new Error('bug'); }], // prettier-ignore
    ['returned a plain object', 'INVALID_DECISION', () => ({ type: 'allow' })],
    ['returned a forged Decision', 'POLICY_ERROR', () => Object.create(Decision.prototype) as Decision],
  ])('a policy that %s denies with cause code %s', (_what, code, policy) => {
    const runtime = new Runtime();
    runtime.beforeCapability('step', { name: 'p' }, policy as (ctx: PolicyContext) => Decision);
    let error: unknown;
    try {
      runtime.capability({ name: 'step' }, () => 'ran')();
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'CAPABILITY_DENIED', cause: { code } });
    if (_what.includes('forged')) expect((error as { cause: Error }).cause.message).toMatch(/returned/);
    expect(SECTION).toContain(`→ \`${code}\``);
  });

  it('AUDIT_WRITE_FAILED is the code of the error itself (an AuditError), with the sink`s error as its cause', () => {
    const sink: AuditSink = {
      name: 'broken',
      write: () => undefined,
      writeSync: () => {
        throw new Error('disk full');
      },
    };
    const runtime = new Runtime({ audit: { sinks: [sink], durability: 'sync' } });
    let error: unknown;
    try {
      runtime.capability({ name: 'step' }, () => 'ran')();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AuditError);
    expect(error).toMatchObject({ code: 'AUDIT_WRITE_FAILED', sink: 'broken', cause: { message: 'disk full' } });
    expect(SECTION).toContain('**`AUDIT_WRITE_FAILED`** is the code of the error itself');
  });

  it('io.exit of the programmatic CLI is called once, with 0, 1 or 2', async () => {
    for (const [args, expected] of [
      [['--version'], 0],
      [[], 0],
      [['audit', 'tail', '--dir', path.join(root, 'none')], 1],
      [['frobnicate'], 2],
    ] as const) {
      const exits: number[] = [];
      const code = await run(['node', 'brane', ...args], {
        env: {},
        stdout: () => undefined,
        stderr: () => undefined,
        exit: (exitCode) => exits.push(exitCode),
      });
      expect([code, exits]).toStrictEqual([expected, [expected]]);
    }
  });

  it('JsonlFileSink options: the four the section names, and no other', () => {
    // A type check: `Required` fails to compile when the options gain a key, the literal when one is renamed.
    const options: Required<JsonlFileSinkOptions> = {
      directory: root,
      file: 'b.jsonl',
      batchSize: 1,
      flushIntervalMs: 1,
    };
    expect(() => new JsonlFileSink(options)).not.toThrow();
    expect(SECTION).toContain('`new JsonlFileSink({ directory?, file?, batchSize?, flushIntervalMs? })`');
  });
});
