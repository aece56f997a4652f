import assert from 'node:assert/strict';
import type { SessionEntry } from '@brane/policy-engine';
import type { SessionLimits } from '../SessionLimits.js';
import { ALL_KEY, capabilityKey, labelKey, type SessionState } from '../SessionState.js';
import type { SessionStore } from '../SessionStore.js';
import { describeStoreContract, globalTestApi, type ContractTestApi, type StoreFixture } from '@brane/errors/testing';

/** A store under test, fresh and empty, and how to dispose of it after the test. */
export type SessionStoreFixture = StoreFixture<SessionStore>;

/** What the suite asks a store to be made with: its limits, and the clock it must read. */
export interface SessionStoreSetup {
  readonly limits: SessionLimits;
  readonly now: () => number;
}

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const LIMITS: SessionLimits = { maxEntries: 3, ttlMs: 1_800_000, maxFingerprints: 4, countWindowMs: 3_600_000 };

function entry(
  capability: string,
  at: number,
  labels: readonly string[] = [],
  outcome: SessionEntry['outcome'] = 'succeeded',
): SessionEntry {
  return { capability, type: 'tool', risk: 'low', effect: undefined, external: false, labels, outcome, at };
}

/**
 * Registers the tests every {@link SessionStore} must pass: the same suite Brane runs against its memory and
 * PostgreSQL stores. `setup` runs before each test and must give an empty store applying `limits` and reading
 * time from `now`. Tests use `node:assert`, and register with the global `describe`/`it`/`beforeEach`/`afterEach`
 * (jest, vitest) unless `api` gives others (`node:test`).
 *
 * @example
 * describeSessionStoreContract('MySessionStore', async ({ limits, now }) => ({ store: new MySessionStore({ ...limits, now }) }));
 */
export function describeSessionStoreContract(
  name: string,
  setup: (options: SessionStoreSetup) => SessionStoreFixture | Promise<SessionStoreFixture>,
  api: ContractTestApi = globalTestApi(),
): void {
  let clock = T0;
  const fresh = () => {
    clock = T0;
    return setup({ limits: LIMITS, now: () => clock });
  };
  describeStoreContract(api, `${name} (SessionStore contract)`, fresh, (store) => {
    const load = async (id: string, probe?: ReadonlySet<string>): Promise<SessionState | undefined> =>
      await store().load(id, probe);

    api.it('has no state for a session it never recorded', async () => {
      assert.equal(await load('never'), undefined);
    });

    api.it('records entries, labels and counts, and keeps sessions apart', async () => {
      await store().append('s1', { entry: entry('lookup', clock, ['pii']), fingerprints: ['fp_a'] });
      await store().append('s1', { entry: entry('send', clock), fingerprints: [] });
      await store().append('s2', { entry: entry('send', clock), fingerprints: [] });
      const state = await load('s1', new Set(['fp_a', 'fp_missing']));
      assert.ok(state !== undefined);
      assert.deepEqual(
        state.entries.map((e) => e.capability),
        ['lookup', 'send'],
      );
      assert.deepEqual([...state.labels], ['pii']);
      assert.equal(state.count(ALL_KEY), 2);
      assert.equal(state.count(capabilityKey('send')), 1);
      assert.equal(state.count(labelKey('pii')), 1);
      assert.deepEqual(state.lookup('fp_a'), ['pii']);
      assert.equal(state.lookup('fp_missing'), undefined);
      assert.equal((await load('s2'))?.labels.size, 0);
    });

    api.it('drops old entries past maxEntries, but never a label or a count', async () => {
      await store().append('s1', { entry: entry('read_secret', clock, ['secret']), fingerprints: [] });
      for (let i = 0; i < 5; i++) await store().append('s1', { entry: entry('noop', clock + i), fingerprints: [] });
      const state = await load('s1');
      assert.ok(state !== undefined);
      assert.equal(state.entries.length, LIMITS.maxEntries);
      assert.equal(state.droppedEntries, 3);
      assert.ok(state.labels.has('secret'));
      assert.equal(state.count(capabilityKey('read_secret')), 1);
      assert.equal(state.count(ALL_KEY), 6);
    });

    api.it('records a failed action without holding its labels', async () => {
      await store().append('s1', { entry: entry('read_secret', clock, [], 'failed'), fingerprints: [] });
      const state = await load('s1');
      assert.equal(state?.entries[0]?.outcome, 'failed');
      assert.equal(state.labels.size, 0);
      assert.equal(state.count(ALL_KEY), 0);
    });

    api.it('counts within a window, to the minute', async () => {
      await store().append('s1', { entry: entry('send', clock), fingerprints: [] });
      clock += 10 * 60_000;
      await store().append('s1', { entry: entry('send', clock), fingerprints: [] });
      const state = await load('s1');
      assert.equal(state?.count(capabilityKey('send'), clock - 5 * 60_000), 1);
      assert.equal(state.count(capabilityKey('send'), clock - 20 * 60_000), 2);
    });

    api.it(
      'unions the labels of a value seen under several, and drops the oldest fingerprints past the bound',
      async () => {
        await store().append('s1', { entry: entry('a', clock, ['pii']), fingerprints: ['fp_1', 'fp_2'] });
        await store().append('s1', {
          entry: entry('b', clock, ['secret']),
          fingerprints: ['fp_2', 'fp_3', 'fp_4', 'fp_5'],
        });
        const state = await load('s1', new Set(['fp_1', 'fp_2', 'fp_5']));
        assert.ok(state !== undefined);
        assert.equal(state.lookup('fp_1'), undefined);
        assert.deepEqual(state.lookup('fp_2'), ['pii', 'secret']);
        assert.deepEqual(state.lookup('fp_5'), ['secret']);
        assert.deepEqual([...state.labels].sort(), ['pii', 'secret']);
      },
    );

    api.it('forgets a session idle for its time to live', async () => {
      await store().append('s1', { entry: entry('a', clock, ['pii']), fingerprints: [] });
      clock += LIMITS.ttlMs - 1;
      assert.ok((await load('s1')) !== undefined);
      await store().append('s1', { entry: entry('b', clock), fingerprints: [] });
      clock += LIMITS.ttlMs - 1;
      assert.ok((await load('s1'))?.labels.has('pii'));
      clock += 1;
      assert.equal(await load('s1'), undefined);
      await store().append('s1', { entry: entry('c', clock), fingerprints: [] });
      assert.equal((await load('s1'))?.labels.size, 0);
    });

    api.it('applies concurrent appends to one session, each once', async () => {
      await Promise.all(
        Array.from({ length: 12 }, async (_, i) => {
          await store().append('s1', { entry: entry(`c${i % 3}`, clock, ['pii']), fingerprints: [`fp_${i}`] });
        }),
      );
      const state = await load('s1', new Set(['fp_0', 'fp_11']));
      assert.equal(state?.count(ALL_KEY), 12);
      assert.equal(state.count(capabilityKey('c0')), 4);
    });
  });
}
