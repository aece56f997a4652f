import type { ConsoleSessionBackend } from '@brane/console';

const session = (tokenSha256: string, id: string, expiresAt: number) => ({
  tokenSha256,
  identity: { id, groups: ['finance'], authenticatedBy: 'brane-console:token' },
  createdAt: 1_000,
  expiresAt,
});

/** The behaviour every `ConsoleSessionBackend` shares: run against memory, file and PostgreSQL. */
export function consoleSessionsContract(make: () => Promise<ConsoleSessionBackend> | ConsoleSessionBackend): void {
  let sessions: ConsoleSessionBackend;
  beforeEach(async () => {
    sessions = await make();
  });

  it('finds a session by its hash until it expires, and forgets a deleted one', async () => {
    await sessions.insert(session('a'.repeat(64), 'maria@finance', 10_000));
    expect(await sessions.find('a'.repeat(64), 9_999)).toStrictEqual(session('a'.repeat(64), 'maria@finance', 10_000));
    expect(await sessions.find('a'.repeat(64), 10_000)).toBeUndefined();
    expect(await sessions.find('b'.repeat(64), 5_000)).toBeUndefined();
    await sessions.insert(session('c'.repeat(64), 'maria@finance', 10_000));
    await sessions.delete('c'.repeat(64));
    expect(await sessions.find('c'.repeat(64), 5_000)).toBeUndefined();
  });

  it('revokes every session of a user, and only theirs', async () => {
    await sessions.insert(session('a'.repeat(64), 'maria@finance', 10_000));
    await sessions.insert(session('b'.repeat(64), 'maria@finance', 10_000));
    await sessions.insert(session('c'.repeat(64), 'ana@finance', 10_000));
    expect(await sessions.revokeUser('maria@finance')).toBe(2);
    expect(await sessions.find('a'.repeat(64), 5_000)).toBeUndefined();
    expect(await sessions.find('b'.repeat(64), 5_000)).toBeUndefined();
    expect(await sessions.find('c'.repeat(64), 5_000)).toBeDefined();
    expect(await sessions.revokeUser('nobody')).toBe(0);
  });
}
