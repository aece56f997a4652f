import { BraneError } from '@brane/errors';
import { describeStoreContract, globalTestApi, type ContractTestApi } from '@brane/errors/testing';

/** A test API that records what a suite registers, and runs its tests on demand. */
function recordingApi() {
  const log: string[] = [];
  const before: (() => Promise<void>)[] = [];
  const after: (() => Promise<void>)[] = [];
  const tests: [string, () => Promise<void>][] = [];
  const api: ContractTestApi = {
    describe: (name, body) => {
      log.push(`describe ${name}`);
      body();
    },
    it: (name, body) => tests.push([name, body]),
    beforeEach: (body) => before.push(body),
    afterEach: (body) => after.push(body),
  };
  const runAll = async () => {
    for (const [name, body] of tests) {
      for (const hook of before) await hook();
      await body().catch((error: unknown) => log.push(`${name} failed: ${(error as Error).message}`));
      for (const hook of after) await hook();
    }
  };
  return { api, log, runAll };
}

describe('describeStoreContract', () => {
  it('gives each test a fresh store from setup and disposes of it after', async () => {
    const { api, log, runAll } = recordingApi();
    let made = 0;
    describeStoreContract(
      api,
      'MyStore (X contract)',
      () => {
        made += 1;
        const id = made;
        return { store: { id }, dispose: () => void log.push(`dispose ${id}`) };
      },
      (store) => {
        api.it('one', async () => void log.push(`one sees ${store().id}`));
        api.it('two', async () => void log.push(`two sees ${store().id}`));
      },
    );
    await runAll();
    expect(log).toStrictEqual(['describe MyStore (X contract)', 'one sees 1', 'dispose 1', 'two sees 2', 'dispose 2']);
  });

  it('says so when a test reads the store outside a test', () => {
    const { api } = recordingApi();
    let read: (() => unknown) | undefined;
    describeStoreContract(
      api,
      'Empty',
      () => ({ store: 1 }),
      (store) => (read = store),
    );
    expect(() => read?.()).toThrow('Empty: setup did not give a store');
  });
});

describe('globalTestApi', () => {
  it('is jest`s globals here', () => {
    expect(globalTestApi().it).toBe(it);
  });

  it('names the missing globals, and how to pass a runner`s functions', () => {
    const saved = (globalThis as Record<string, unknown>)['afterEach'];
    (globalThis as Record<string, unknown>)['afterEach'] = undefined;
    try {
      expect(() => globalTestApi()).toThrow(BraneError);
      expect(() => globalTestApi()).toThrow(/No global `afterEach`: .*pass your runner's functions/);
    } finally {
      (globalThis as Record<string, unknown>)['afterEach'] = saved;
    }
  });
});
