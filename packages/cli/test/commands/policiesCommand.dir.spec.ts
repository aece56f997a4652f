import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, removeTempDir, runCli } from '../fixtures/runCli';

/** Loads the fixture with jest's `require`, so its `require('@brane/…')` gets the sources (see policiesCommand.spec). */
const importModule = async (url: string): Promise<unknown> => jest.requireActual(fileURLToPath(url));

/**
 * A runtime whose module records, in `where.json` (a relative path: written in the working directory it is loaded
 * in), the working directory and the directories the default file stores resolve to.
 */
const RECORDING_MODULE = `
const fs = require('node:fs');
const { FileApprovalStore } = require('@brane/approvals');
const { JsonlFileSink } = require('@brane/audit');
const { Runtime } = require('@brane/core');
exports.createRuntime = () => {
  const where = { cwd: process.cwd(), approvals: new FileApprovalStore().directory, audit: new JsonlFileSink().directory };
  fs.writeFileSync('where.json', JSON.stringify(where));
  const runtime = new Runtime();
  runtime.capability({ name: 'search_docs', risk: 'low' }, function search(query) {});
  return runtime;
};
`;

describe('brane policies --dir', () => {
  let root: string;
  let app: string;
  let count = 0;
  /** Writes the module in `app` under a fresh name (jest caches modules by path) and returns that name. */
  const module = (body = RECORDING_MODULE): string => {
    const name = `brane.config${++count}.cjs`;
    fs.writeFileSync(path.join(app, name), body);
    return name;
  };
  const cli = (args: readonly string[]) => runCli(['policies', ...args], { cwd: root, importModule });

  beforeEach(() => {
    root = makeTempDir();
    app = path.join(root, 'app');
    fs.mkdirSync(app);
  });

  afterEach(() => {
    removeTempDir(root);
  });

  it('resolves the module from --dir, relative to the working directory', async () => {
    const name = module();

    const result = await cli([name, '--dir', 'app', '--json']);

    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ module: path.join(app, name), capabilities: [{ name: 'search_docs' }] });
  });

  it("builds the runtime in --dir, so its .brane defaults are that directory's, and restores the working directory", async () => {
    const before = process.cwd();

    const result = await cli([module(), '--dir', app]);

    expect(result.code).toBe(0);
    expect(process.cwd()).toBe(before);
    expect(JSON.parse(fs.readFileSync(path.join(app, 'where.json'), 'utf8'))).toStrictEqual({
      cwd: app,
      approvals: path.join(app, '.brane/approvals'),
      audit: path.join(app, '.brane/audit'),
    });
  });

  it('without --dir, builds it in the working directory', async () => {
    fs.copyFileSync(path.join(app, module()), path.join(root, 'top.cjs'));

    expect((await cli(['top.cjs'])).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(root, 'where.json'), 'utf8'))).toMatchObject({ cwd: root });
  });

  it('restores the working directory when the module fails to load', async () => {
    const before = process.cwd();

    const result = await cli([module("throw new Error('boom');"), '--dir', app]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^brane: MODULE_LOAD_FAILED: Could not load .*: boom\n$/);
    expect(process.cwd()).toBe(before);
  });

  it.each([
    ['missing', 'nowhere'],
    ['a file', 'file.txt'],
  ])('fails with NO_DIRECTORY (exit 1) when --dir is %s', async (_, dir) => {
    fs.writeFileSync(path.join(root, 'file.txt'), '');

    const result = await cli(['brane.config.cjs', '--dir', dir, '--json']);

    expect(result.code).toBe(1);
    expect(result.json()).toStrictEqual({
      error: {
        code: 'NO_DIRECTORY',
        message: `No directory at ${path.join(root, dir)} (--dir names the directory the runtime runs in)`,
      },
    });
  });
});
