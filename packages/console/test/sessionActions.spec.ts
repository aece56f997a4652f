import { InMemorySessionStore } from '@brane/sessions';
import { consoleHarness, type Harness } from './harness/consoleHarness';

const entry = (capability: string, at: number, labels: string[] = []) => ({
  entry: {
    capability,
    type: 'tool' as const,
    risk: 'low' as const,
    effect: undefined,
    external: false,
    labels,
    outcome: 'succeeded' as const,
    at,
  },
  fingerprints: [],
});

describe("the detail page's session actions", () => {
  let harness: Harness | undefined;
  afterEach(() => {
    harness?.dispose();
  });

  it("lists the last actions of the request's session, newest first, escaped", async () => {
    const sessions = new InMemorySessionStore();
    for (let i = 1; i <= 12; i++) sessions.append('sess-1', entry(`crm.read_${i}`, 1_700_000_000_000 + i));
    sessions.append('sess-1', entry('<script>alert(1)</script>', 1_700_000_000_100, ['<b>pii</b>']));
    harness = consoleHarness({ agentSessions: sessions, sessionActions: 5 });
    const record = await harness.request({ sessionId: 'sess-1' });
    const maria = await harness.signIn('maria@finance', ['finance']);
    const page = await (await harness.fetch(`/approvals/${record.id}`, { cookie: maria.cookie })).text();
    const rows = [
      ...page.matchAll(/<tr class="session-action[^"]*">\s*<td>[^<]*<\/td>\s*<td><code>([^<]*)<\/code>/g),
    ].map((match) => match[1]);
    expect(rows).toStrictEqual([
      '&lt;script&gt;alert(1)&lt;/script&gt;',
      'crm.read_12',
      'crm.read_11',
      'crm.read_10',
      'crm.read_9',
    ]);
    expect(page).toContain('&lt;b&gt;pii&lt;/b&gt;');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('Session <code>sess-1</code>');
  });

  it('says so when the request names no session, the session has no action, or the store fails', async () => {
    const failing = {
      load: (id: string) =>
        id === 'broken' ? Promise.reject(new Error('connection <refused>')) : Promise.resolve(undefined),
    };
    harness = consoleHarness({ agentSessions: failing });
    const maria = await harness.signIn('maria@finance', ['finance']);
    const show = async (sessionId?: string) => {
      const record = await harness!.request(sessionId === undefined ? {} : { sessionId });
      return await (await harness!.fetch(`/approvals/${record.id}`, { cookie: maria.cookie })).text();
    };
    expect(await show()).toContain('This request names no session.');
    expect(await show('empty')).toContain('No recorded action in this session');
    const failed = await show('broken');
    expect(failed).toContain('Could not read the session: connection &lt;refused&gt;');
  });

  it('shows no session part when the console reads no sessions', async () => {
    harness = consoleHarness();
    const record = await harness.request({ sessionId: 'sess-1' });
    const maria = await harness.signIn('maria@finance', ['finance']);
    const page = await (await harness.fetch(`/approvals/${record.id}`, { cookie: maria.cookie })).text();
    expect(page).not.toContain('recent actions');
  });
});
