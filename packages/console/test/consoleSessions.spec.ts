import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileConsoleSessions, InMemoryConsoleSessions } from '@brane/console';
import { consoleSessionsContract } from './harness/consoleSessionsContract';
import { consoleHarness, form, type Harness } from './harness/consoleHarness';

const directories: string[] = [];
const temporary = (): string => {
  const directory = mkdtempSync(path.join(tmpdir(), 'brane-console-sessions-'));
  directories.push(directory);
  return directory;
};
afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('InMemoryConsoleSessions', () => {
  consoleSessionsContract(() => new InMemoryConsoleSessions());
});

describe('FileConsoleSessions', () => {
  consoleSessionsContract(() => new FileConsoleSessions(temporary()));
});

describe('console sign-in sessions', () => {
  // Each test signs in 10 to 22 times, each through a store file: seconds on a loaded machine, so not jest's 5 s.
  jest.setTimeout(30_000);

  let harness: Harness | undefined;
  afterEach(() => {
    harness?.dispose();
  });

  it('survive a restart of the console (file), stored only as a hash, and end when the user is revoked', async () => {
    const directory = temporary();
    harness = consoleHarness({ sessionBackend: new FileConsoleSessions(directory) });
    const maria = await harness.signIn('maria@finance', ['finance']);
    const cookieValue = maria.cookie.split('=')[1] ?? '';
    expect(readFileSync(path.join(directory, 'sessions.json'), 'utf8')).not.toContain(cookieValue);
    const restarted = consoleHarness({ sessionBackend: new FileConsoleSessions(directory) });
    try {
      const page = await restarted.fetch('/', { cookie: maria.cookie });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`name="_csrf" value="${maria.csrf}"`); // the same CSRF token
      expect(await new FileConsoleSessions(directory).revokeUser('maria@finance')).toBe(1);
      const after = await restarted.fetch('/', { cookie: maria.cookie });
      expect(after.status).toBe(303);
      expect(after.headers.get('location')).toBe('/sign-in');
    } finally {
      restarted.dispose();
    }
  });

  it('ends a session at sign-out, and refuses it afterwards', async () => {
    harness = consoleHarness();
    const maria = await harness.signIn('maria@finance', ['finance']);
    const out = await harness.fetch('/sign-out', {
      method: 'POST',
      cookie: maria.cookie,
      body: form({ _csrf: maria.csrf }),
    });
    expect(out.status).toBe(303);
    expect((await harness.fetch('/', { cookie: maria.cookie })).status).toBe(303);
  });

  it('answers 429 with Retry-After past 20 attempts from one address in 15 minutes', async () => {
    let now = Date.parse('2026-12-06T09:00:00Z');
    harness = consoleHarness({ now: () => now });
    const attempt = () => harness!.fetch('/sign-in', { method: 'POST', body: form({ token: 'A'.repeat(43) }) });
    for (let i = 0; i < 20; i++) expect((await attempt()).status).toBe(401);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBe(900);
    expect(await refused.text()).toContain('Too many sign-in attempts');
    now += 15 * 60_000;
    expect((await attempt()).status).toBe(401);
  });

  it('answers 429 past 10 attempts for one user, even with a valid token of theirs', async () => {
    harness = consoleHarness({ signInLimits: { perAddress: 1_000 } });
    const { token } = await harness.users.add({ id: 'maria@finance', groups: ['finance'] });
    const post = (value: string) => harness!.fetch('/sign-in', { method: 'POST', body: form({ token: value }) });
    expect((await post(token)).status).toBe(303);
    for (let i = 0; i < 9; i++) expect((await post(token)).status).toBe(401); // used: it names maria
    expect((await post(token)).status).toBe(429);
    const fresh = await harness.users.add({ id: 'maria@finance', groups: ['finance'] });
    expect((await post(fresh.token)).status).toBe(429);
    const ana = await harness.users.add({ id: 'ana@finance', groups: ['finance'] });
    expect((await post(ana.token)).status).toBe(303);
  });

  it.each([[{ perAddress: 0 }], [{ perUser: 1.5 }], [{ windowMs: -1 }]])('refuses the limits %j', (limits) => {
    expect(() => consoleHarness({ signInLimits: limits })).toThrow(/signInLimits: `\w+` must be a positive integer/);
  });
});
