import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConsoleUsers } from '@brane/console';
import { BraneError } from '@brane/errors';
import { hashToken } from '../src/hashToken';

describe('ConsoleUsers', () => {
  let directory: string;
  let now: number;
  let users: ConsoleUsers;
  beforeEach(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'brane-users-'));
    now = Date.parse('2026-12-06T09:00:00Z');
    users = new ConsoleUsers(directory, { now: () => now });
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('issues a token that signs in once, as the user with their groups', async () => {
    const { token, userId } = await users.add({ id: 'maria@finance', groups: ['finance', 'finance'] });
    expect(userId).toBe('maria@finance');
    expect(await users.redeem(token, 'brane-console:token')).toStrictEqual({
      type: 'signed_in',
      identity: { id: 'maria@finance', groups: ['finance'], authenticatedBy: 'brane-console:token' },
    });
    expect(await users.redeem(token, 'brane-console:token')).toStrictEqual({
      type: 'refused',
      reason: 'used',
      userId: 'maria@finance',
    });
  });

  it('stores only the SHA-256 of a token, in a file only its owner can read', async () => {
    const { token } = await users.add({ id: 'maria@finance', groups: ['finance'] });
    const text = readFileSync(users.file, 'utf8');
    expect(text).not.toContain(token);
    expect(text).toContain(hashToken(token));
    expect(statSync(users.file).mode & 0o777).toBe(0o600);
  });

  it('refuses an expired token, an unknown one and one that is not a token', async () => {
    const { token } = await users.add({ id: 'maria@finance', groups: ['finance'] }, 60_000);
    now += 60_000;
    expect(await users.redeem(token, 'm')).toMatchObject({ type: 'refused', reason: 'expired' });
    expect(await users.redeem('A'.repeat(43), 'm')).toStrictEqual({ type: 'refused', reason: 'unknown' });
    for (const junk of ['', 'short', 'x'.repeat(10_000), `${'A'.repeat(42)}\n`, 42]) {
      expect(await users.redeem(junk as string, 'm')).toStrictEqual({ type: 'refused', reason: 'malformed' });
    }
  });

  it('lets exactly one of many concurrent sign-ins with one token through, across instances', async () => {
    const { token } = await users.add({ id: 'maria@finance', groups: ['finance'] });
    const other = new ConsoleUsers(directory, { now: () => now });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? users : other).redeem(token, 'm')),
    );
    expect(results.filter((result) => result.type === 'signed_in')).toHaveLength(1);
  });

  it('renews groups and adds a token when a user is added again; lists and removes users', async () => {
    await users.add({ id: 'maria@finance', groups: ['finance'] });
    await users.add({ id: 'maria@finance', groups: ['finance', 'support'] });
    await users.add({ id: 'ana@finance', groups: [] });
    expect(await users.list()).toStrictEqual([
      { id: 'ana@finance', groups: [], addedAt: '2026-12-06T09:00:00.000Z', openTokens: 1 },
      { id: 'maria@finance', groups: ['finance', 'support'], addedAt: '2026-12-06T09:00:00.000Z', openTokens: 2 },
    ]);
    expect(await users.remove('ana@finance')).toBe(true);
    expect(await users.remove('ana@finance')).toBe(false);
    expect((await users.list()).map((user) => user.id)).toStrictEqual(['maria@finance']);
  });

  it('forgets used and expired tokens a day after', async () => {
    const { token } = await users.add({ id: 'maria@finance', groups: ['finance'] }, 60_000);
    await users.redeem(token, 'm');
    now += 25 * 3_600_000;
    await users.add({ id: 'ana@finance', groups: [] });
    expect(readFileSync(users.file, 'utf8')).not.toContain(hashToken(token));
  });

  it.each([
    [{ id: '', groups: [] }, '`user.id`'],
    [{ id: 'maria\u202E', groups: [] }, '`user.id`'],
    [{ id: 'maria', groups: ['fin\nance'] }, '`user.groups[0]`'],
    [{ id: 'maria', groups: 'finance' }, '`user.groups`'],
  ])('refuses the user %j, naming %s', async (user, field) => {
    await expect(users.add(user as never)).rejects.toThrow(field);
  });

  it.each([0, -1, Number.NaN, 31 * 24 * 3_600_000])('refuses a token lifetime of %p ms', async (ttl) => {
    await expect(users.add({ id: 'maria', groups: [] }, ttl)).rejects.toThrow('`ttlMs`');
  });

  it('refuses a users file that is not one, naming it', async () => {
    writeFileSync(users.file, '{"version":2}');
    await expect(users.list()).rejects.toThrow(BraneError);
    await expect(users.list()).rejects.toThrow(`${users.file} is not a console users file`);
    writeFileSync(users.file, 'not json');
    await expect(users.redeem('A'.repeat(43), 'm')).rejects.toThrow('it is not JSON');
  });

  it('refuses a directory that is not a path', () => {
    expect(() => new ConsoleUsers('')).toThrow('`directory`');
  });
});
