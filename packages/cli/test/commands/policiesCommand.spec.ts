import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, removeTempDir, runCli } from '../fixtures/runCli';

/**
 * `brane policies` loads modules with a real dynamic `import()`, which bypasses jest's module system; and only
 * through jest's moduleNameMapper does `@brane/core` resolve to its sources (no build needed). So these in-process
 * tests pass the CLI a loader hook (`importModule`) that loads the module with jest's `require`: the fixture's own
 * `require('@brane/core')` then gets the real Runtime from source. The real `import()` path is tested in a child
 * process by `run.spec.ts`.
 */
const importModule = async (url: string): Promise<unknown> => jest.requireActual(fileURLToPath(url));

/** The opening of every fixture: a runtime with two governed capabilities, one of them high risk. */
const PRELUDE = `
const { Runtime } = require('@brane/core');
const runtime = new Runtime();
runtime.capability({ name: 'refund_customer', risk: 'high' }, function refund(customerId, amountUsd) {});
runtime.capability({ name: 'search_docs', type: 'database', risk: 'low' }, function search(query) {});
const allow = () => undefined; // never called: the CLI only reads the registrations
`;

describe('brane policies', () => {
  let root: string;
  let count = 0;
  /** Writes a CommonJS fixture (a fresh file each time: jest caches modules by path) and returns its path. */
  const fixture = (body: string, extension = '.cjs'): string => {
    const file = path.join(root, `runtime${++count}${extension}`);
    fs.writeFileSync(file, `${PRELUDE}${body}\n`);
    return file;
  };
  const cli = (args: readonly string[]) => runCli(['policies', ...args], { cwd: root, importModule });

  beforeEach(() => {
    root = makeTempDir();
  });

  afterEach(() => {
    removeTempDir(root);
  });

  const guarded = `
runtime.beforeCapability('refund_customer', { name: 'amount-limit', version: '2', priority: 10 }, allow);
runtime.afterCapability('*', { name: 'pii-redaction', mode: 'shadow' }, allow);
exports.runtime = runtime;`;

  it('lists the capabilities and the policies of the runtime', async () => {
    const file = fixture(guarded);

    const result = await cli([file]);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe(
      [
        `Module ${file}`,
        '',
        'Capabilities (2)',
        'NAME             TYPE      RISK',
        'refund_customer  tool      high',
        'search_docs      database  low',
        '',
        'Policies (2)',
        'NAME           VERSION  STAGE   TARGETS          PRIORITY  MODE     ENABLED',
        'amount-limit   2        before  refund_customer  10        enforce  yes',
        'pii-redaction  -        after   *                0         shadow   yes',
        '',
      ].join('\n'),
    );
  });

  it('prints them as JSON', async () => {
    const file = fixture(guarded);

    const result = await cli([file, '--json']);

    expect(result.code).toBe(0);
    expect(result.json()).toStrictEqual({
      module: file,
      capabilities: [
        { name: 'refund_customer', type: 'tool', risk: 'high' },
        { name: 'search_docs', type: 'database', risk: 'low' },
      ],
      policies: [
        {
          name: 'amount-limit',
          version: '2',
          stage: 'before',
          targets: ['refund_customer'],
          priority: 10,
          mode: 'enforce',
          enabled: true,
        },
        {
          name: 'pii-redaction',
          version: null,
          stage: 'after',
          targets: ['*'],
          priority: 0,
          mode: 'shadow',
          enabled: true,
        },
      ],
    });
  });

  it('resolves a relative path against the working directory', async () => {
    const file = fixture(guarded);

    const result = await cli([path.basename(file), '--json']);

    expect(result.json()).toMatchObject({ module: file });
  });

  describe('--check', () => {
    it.each([
      ['an enforced before-policy on the capability', `runtime.beforeCapability('refund_customer', allow);`],
      ['an enforced before-policy on `*`', `runtime.beforeCapability('*', { name: 'everything' }, allow);`],
      ['a before-policy among several targets', `runtime.beforeCapability(['search_docs', 'refund_customer'], allow);`],
    ])('passes with %s (exit 0)', async (_, policies) => {
      const file = fixture(`${policies}\nexports.runtime = runtime;`);

      const human = await cli([file, '--check']);
      const json = await cli([file, '--check', '--json']);

      expect(human.code).toBe(0);
      expect(human.stdout).toMatch(
        /\n\nCheck passed: every high or critical capability has an enforced before-policy, and every policy target is declared\.\n$/,
      );
      expect(json.code).toBe(0);
      expect(json.json()).toMatchObject({ check: { ok: true, problems: [] } });
    });

    it.each([
      ['no policy at all', ``, ''],
      ['only an after-policy', `runtime.afterCapability('refund_customer', allow);`, ''],
      ['only a disabled before-policy', `runtime.beforeCapability('refund_customer', { enabled: false }, allow);`, ''],
      ['a before-policy on another capability', `runtime.beforeCapability('search_docs', allow);`, ''],
      [
        'only a shadow before-policy',
        `runtime.beforeCapability('*', { name: 'trial', mode: 'shadow' }, allow);`,
        ' (only shadow policies: trial)',
      ],
    ])('fails (exit 1) with %s on a high-risk capability', async (_, policies, note) => {
      const file = fixture(`${policies}\nexports.runtime = runtime;`);

      const result = await cli([file, '--check', '--json']);

      expect(result.code).toBe(1);
      expect(result.json()).toMatchObject({
        check: {
          ok: false,
          problems: [
            {
              code: 'UNGUARDED_CAPABILITY',
              capability: 'refund_customer',
              risk: 'high',
              message: `Capability \`refund_customer\` is high risk, but no enabled, enforced before-policy targets it or \`*\`${note}`,
            },
          ],
        },
      });
    });

    it('lists every problem: unguarded high and critical capabilities, and policies targeting nothing declared', async () => {
      const file = fixture(`
runtime.capability({ name: 'wire_funds', risk: 'critical' }, function wire(to, amount) {});
runtime.capability({ name: 'send_email', risk: 'medium' }, function send(to) {});
runtime.beforeCapability('refund_custmer', { name: 'typo' }, allow);
exports.runtime = runtime;`);

      const result = await cli([file, '--check']);

      expect(result.code).toBe(1);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(
        new RegExp(
          [
            '\n\nCheck failed: 3 problems',
            '  UNGUARDED_CAPABILITY  Capability `refund_customer` is high risk, but no enabled, enforced before-policy targets it or `\\*`',
            '  UNGUARDED_CAPABILITY  Capability `wire_funds` is critical risk, but no enabled, enforced before-policy targets it or `\\*`',
            '  UNKNOWN_TARGET  Policy `typo` targets `refund_custmer`, which no governed class or function declares \\(did you mean `refund_customer`\\?\\)\n$',
          ].join('\n'),
        ),
      );
      expect((await cli([file, '--check', '--json'])).json()).toMatchObject({
        check: {
          ok: false,
          problems: [
            { capability: 'refund_customer' },
            { capability: 'wire_funds' },
            { code: 'UNKNOWN_TARGET', policy: 'typo', target: 'refund_custmer' },
          ],
        },
      });
    });

    it('does not fail without --check', async () => {
      expect((await cli([fixture('exports.runtime = runtime;')])).code).toBe(0);
    });
  });

  describe('the module contract', () => {
    it.each([
      ['a named export `runtime`', 'exports.runtime = runtime;'],
      ['a named export `createRuntime()`', 'exports.createRuntime = () => runtime;'],
      ['an async `createRuntime()`', 'exports.createRuntime = async () => runtime;'],
      ['`module.exports = runtime`', 'module.exports = runtime;'],
      ['`module.exports = factory`', 'module.exports = () => runtime;'],
      ['a default export', 'exports.default = runtime;'],
      ['a default export function', 'exports.default = async function createRuntime() { return runtime; };'],
      [
        '`runtime` before `createRuntime()`',
        'exports.runtime = runtime; exports.createRuntime = () => { throw new Error("not called"); };',
      ],
    ])('takes the runtime from %s', async (_, exportsCode) => {
      const result = await cli([fixture(exportsCode), '--json']);

      expect(result.code).toBe(0);
      expect(result.json<{ capabilities: unknown[] }>().capabilities).toHaveLength(2);
    });

    it('takes any object shaped like a runtime (another copy of @brane/core), and closes it when done', async () => {
      const file = fixture(`
let closed = 0;
exports.runtime = {
  policies: [{ name: 'p', stage: 'before', targets: ['t'], enabled: true, mode: 'enforce', priority: 1 }],
  capabilities: [{ name: 't', type: 'tool', risk: 'critical' }],
  validate: () => ({ ok: true, problems: [] }),
  close: () => { closed += 1; throw new Error('a failing close is ignored'); },
};
exports.closed = () => closed;`);

      const result = await cli([file, '--check', '--json']);

      expect(result.code).toBe(0);
      expect(result.json()).toMatchObject({ capabilities: [{ name: 't', risk: 'critical' }], check: { ok: true } });
      expect(jest.requireActual<{ closed: () => number }>(file).closed()).toBe(1);
    });

    it.each([
      [
        'exports no runtime',
        'exports.helper = 1; exports.other = 2;',
        /provides no runtime: export `runtime`, a `createRuntime\(\)` function, or a default runtime or function returning one \(it exports `helper`, `other`\)/,
        'NOT_A_RUNTIME',
      ],
      [
        'exports a `runtime` that is not one',
        'exports.runtime = { policies: [] };',
        /the export `runtime` of .* is not a runtime: expected an object with `policies`, `capabilities` and `validate\(\)` \(got a plain object\)/,
        'NOT_A_RUNTIME',
      ],
      [
        'has a `createRuntime()` that throws',
        'exports.createRuntime = () => { throw new Error("no database"); };',
        /createRuntime\(\) of .* failed: no database/,
        'MODULE_LOAD_FAILED',
      ],
      [
        'throws when loaded',
        'throw new Error("boom at load");',
        /Could not load .*: boom at load/,
        'MODULE_LOAD_FAILED',
      ],
    ])('fails (exit 1) when the module %s', async (_, exportsCode, message, code) => {
      const result = await cli([fixture(exportsCode), '--json']);

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^brane: ${code}: `));
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.json()).toMatchObject({ error: { code } });
    });

    it('fails with MODULE_NOT_FOUND (exit 1) for a missing file or a directory', async () => {
      fs.mkdirSync(path.join(root, 'dir.js'));
      for (const name of ['missing.cjs', 'dir.js']) {
        const result = await cli([name]);

        expect(result).toMatchObject({
          code: 1,
          stderr: `brane: MODULE_NOT_FOUND: No module file at ${path.join(root, name)}\n`,
        });
      }
    });

    it.each([
      [
        ['agent.ts'],
        /`agent.ts` is not a JavaScript module: expected a .js, .cjs or .mjs file \(build TypeScript first\)/,
      ],
      [[], /error: missing required argument 'module'/],
      [['a.js', 'b.js'], /error: too many arguments for 'policies'/],
    ])('is a usage error (exit 2): %p', async (args, message) => {
      const result = await cli(args);

      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    });
  });
});
