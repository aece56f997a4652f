import { InMemorySessionStore } from '@brane/sessions';
import { describeSessionStoreContract } from '@brane/sessions/testing';

describeSessionStoreContract('InMemorySessionStore', ({ limits, now }) => ({
  store: new InMemorySessionStore({ ...limits, now }),
}));

describe('InMemorySessionStore', () => {
  const entry = {
    capability: 'a',
    type: 'tool',
    risk: 'low',
    effect: undefined,
    external: false,
    labels: [],
    outcome: 'succeeded',
    at: 0,
  } as const;

  it('keeps at most maxSessions, forgetting the least recently active', () => {
    const store = new InMemorySessionStore({ maxSessions: 2 });
    store.append('s1', { entry, fingerprints: [] });
    store.append('s2', { entry, fingerprints: [] });
    store.append('s1', { entry, fingerprints: [] });
    store.append('s3', { entry, fingerprints: [] });
    expect(store.size).toBe(2);
    expect(store.load('s2')).toBeUndefined();
    expect(store.load('s1')?.entries).toHaveLength(2);
  });

  it('answers synchronously', () => {
    const store = new InMemorySessionStore();
    expect(store.synchronous).toBe(true);
    const append = store.append.bind(store) as (...args: unknown[]) => unknown;
    expect(append('s1', { entry, fingerprints: [] })).toBeUndefined();
    expect(store.load('s1')).not.toBeInstanceOf(Promise);
  });

  it.each([
    [{ maxEntries: 0 }, /maxEntries/],
    [{ ttlMs: 1.5 }, /ttlMs/],
    [{ maxFingerprints: -1 }, /maxFingerprints/],
    [{ maxSessions: 0 }, /maxSessions/],
    [{ now: 'clock' }, /now/],
  ])('rejects bad options %p with a typed error', (options, message) => {
    expect(() => new InMemorySessionStore(options as never)).toThrow(message);
  });
});
