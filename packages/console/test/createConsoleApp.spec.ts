import { consoleHarness, form, type Harness } from './harness/consoleHarness';

const XSS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'><svg onload=alert(3)>",
  'javascript:alert(4)',
  '</textarea><script>alert(5)</script>',
];

/** Every tag name in `page`: those of the console's templates, never one an agent wrote. */
function tagNames(page: string): Set<string> {
  return new Set([...page.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((match) => (match[1] ?? '').toLowerCase()));
}
/** `page` with whitespace between and inside tags collapsed, as a browser reads it. */
function squash(page: string): string {
  return page.replace(/>\s+</g, '><').replace(/\s+/g, ' ');
}

/** Whether a tag of `page` has an event-handler attribute (quoted values, where `"` is always escaped, removed first). */
function hasHandler(page: string): boolean {
  return /<[a-z][^>]*\son\w+=/i.test(page.replace(/"[^"]*"/g, '""'));
}

const TEMPLATE_TAGS = new Set(
  'html head meta title link script body header nav a form span strong input button main section h1 h2 p label select option table thead tbody tr th td time code blockquote textarea details summary div ul li'.split(
    ' ',
  ),
);

describe('the console', () => {
  let harness: Harness;
  beforeEach(() => {
    harness = consoleHarness();
  });
  afterEach(() => {
    harness.dispose();
  });

  it('sends people who are not signed in to the sign-in page, and refuses their state changes', async () => {
    const record = await harness.request();
    expect((await harness.fetch('/')).headers.get('location')).toBe('/sign-in');
    expect((await harness.fetch(`/approvals/${record.id}`)).status).toBe(303);
    const post = await harness.fetch(`/approvals/${record.id}/decide`, {
      method: 'POST',
      body: form({ outcome: 'approved' }),
    });
    expect(post.status).toBe(401);
    expect((await harness.service.get(record.id)).status).toBe('pending');
  });

  it('serves every page with a strict CSP and no inline script', async () => {
    const record = await harness.request();
    const maria = await harness.signIn('maria@finance', ['finance']);
    for (const pathname of ['/', `/approvals/${record.id}`, '/audit', '/notifications', '/sign-in']) {
      const response = await harness.fetch(pathname, { cookie: maria.cookie });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      const page = await response.text();
      expect(page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(hasHandler(page)).toBe(false);
      expect(page).not.toMatch(/<[a-z][^>]*\sstyle=/i);
    }
  });

  it('sets the session cookie HttpOnly and SameSite=Strict, Secure with the __Host- prefix over https', async () => {
    const { token } = await harness.users.add({ id: 'maria@finance', groups: ['finance'] });
    const plain = await harness.fetch('/sign-in', { method: 'POST', body: form({ token }) });
    expect(plain.headers.get('set-cookie')).toMatch(
      /^brane_console=[\w-]{43}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    const secure = consoleHarness({ secureCookies: true });
    try {
      const issued = await secure.users.add({ id: 'maria@finance', groups: ['finance'] });
      const response = await secure.fetch('/sign-in', { method: 'POST', body: form({ token: issued.token }) });
      expect(response.headers.get('set-cookie')).toMatch(/^__Host-brane_console=[\w-]{43};.*Secure; SameSite=Strict$/);
    } finally {
      secure.dispose();
    }
  });

  it('refuses a reused, an expired, an unknown and a malformed sign-in token', async () => {
    const { token } = await harness.users.add({ id: 'maria@finance', groups: ['finance'] });
    expect((await harness.fetch('/sign-in', { method: 'POST', body: form({ token }) })).status).toBe(303);
    const reused = await harness.fetch('/sign-in', { method: 'POST', body: form({ token }) });
    expect(reused.status).toBe(401);
    expect(reused.headers.get('set-cookie')).toBeNull();
    expect(await reused.text()).toContain('already used');
    const short = await harness.users.add({ id: 'ana@finance', groups: ['finance'] }, 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(
      await (await harness.fetch('/sign-in', { method: 'POST', body: form({ token: short.token }) })).text(),
    ).toContain('expired');
    const unknown = await harness.fetch('/sign-in', { method: 'POST', body: form({ token: 'A'.repeat(43) }) });
    expect(await unknown.text()).toContain('not known');
    expect((await harness.fetch('/sign-in', { method: 'POST', body: form({ token: '<x>' }) })).status).toBe(401);
  });

  it('does not use up a token when the sign-in link is only opened (a link preview)', async () => {
    const { token } = await harness.users.add({ id: 'maria@finance', groups: ['finance'] });
    const page = await (await harness.fetch(`/sign-in?token=${token}`)).text();
    expect(page).toContain(`value="${token}"`);
    expect((await harness.fetch('/sign-in', { method: 'POST', body: form({ token }) })).status).toBe(303);
  });

  it('refuses a sign-in posted from another origin (login CSRF)', async () => {
    const { token } = await harness.users.add({ id: 'maria@finance', groups: ['finance'] });
    const response = await harness.fetch('/sign-in', {
      method: 'POST',
      body: form({ token }),
      headers: { origin: 'https://evil.example' },
    });
    expect(response.status).toBe(403);
    expect((await harness.fetch('/sign-in', { method: 'POST', body: form({ token }) })).status).toBe(303);
  });

  it('records the signed-in identity, its groups and how it signed in as the decision', async () => {
    const record = await harness.request();
    const maria = await harness.signIn('maria@finance', ['finance', 'support']);
    const response = await maria.decide(record.id, 'approved', { comment: 'Known customer' });
    expect(response.status).toBe(303);
    const decision = (await harness.service.get(record.id)).decision;
    expect(Date.parse(decision?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(record.requestedAt));
    expect(decision).toStrictEqual({
      outcome: 'approved',
      by: 'maria@finance',
      authenticated: true,
      authenticatedBy: 'brane-console:token',
      groups: ['finance'],
      at: decision?.at,
      comment: 'Known customer',
    });
    const page = await (await harness.fetch(`/approvals/${record.id}`, { cookie: maria.cookie })).text();
    expect(squash(page)).toContain(
      '<strong>approved</strong> by <strong>maria@finance</strong> (signed in: brane-console:token; through finance)',
    );
  });

  it('ignores an approver name in the form: the session decides who approves', async () => {
    const record = await harness.request();
    const maria = await harness.signIn('maria@finance', ['finance']);
    await maria.decide(record.id, 'rejected', { approver: 'ceo@acme', by: 'ceo@acme' });
    expect((await harness.service.get(record.id)).decision?.by).toBe('maria@finance');
  });

  it.each([
    ['without a CSRF token', (): Record<string, string> => ({ outcome: 'approved' })],
    ['with a token that is not the session’s', () => ({ outcome: 'approved', _csrf: 'x'.repeat(43) })],
    ['with an empty token', () => ({ outcome: 'approved', _csrf: '' })],
    ['with the token of another session', (csrf: string) => ({ outcome: 'approved', _csrf: `${csrf.slice(1)}A` })],
  ])('refuses a decision %s', async (_, fields) => {
    const record = await harness.request();
    const maria = await harness.signIn('maria@finance', ['finance']);
    const response = await harness.fetch(`/approvals/${record.id}/decide`, {
      method: 'POST',
      cookie: maria.cookie,
      body: form(fields(maria.csrf)),
    });
    expect(response.status).toBe(403);
    expect((await harness.service.get(record.id)).status).toBe('pending');
  });

  it('refuses a decision posted from another origin even with the token', async () => {
    const record = await harness.request();
    const maria = await harness.signIn('maria@finance', ['finance']);
    const response = await harness.fetch(`/approvals/${record.id}/decide`, {
      method: 'POST',
      cookie: maria.cookie,
      headers: { origin: 'https://evil.example' },
      body: form({ _csrf: maria.csrf, outcome: 'approved' }),
    });
    expect(response.status).toBe(403);
    expect((await harness.service.get(record.id)).status).toBe('pending');
  });

  it('refuses a person outside the approver groups, and says why', async () => {
    const record = await harness.request();
    const sam = await harness.signIn('sam@support', ['support']);
    const detail = await (await harness.fetch(`/approvals/${record.id}`, { cookie: sam.cookie })).text();
    expect(detail).not.toContain('class="approve"');
    const response = await sam.decide(record.id, 'approved');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('needs a member of finance');
    expect((await harness.service.get(record.id)).status).toBe('pending');
  });

  it('refuses the principal under distinctApprover', async () => {
    const record = await harness.request({ principalId: 'maria@finance' });
    const maria = await harness.signIn('maria@finance', ['finance']);
    const response = await maria.decide(record.id, 'approved');
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('their own action');
  });

  it('lets one of two approvers deciding at once win, and tells the other why', async () => {
    const record = await harness.request();
    const maria = await harness.signIn('maria@finance', ['finance']);
    const ana = await harness.signIn('ana@finance', ['finance']);
    const answers = await Promise.all([maria.decide(record.id, 'approved'), ana.decide(record.id, 'rejected')]);
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toStrictEqual([303, 409]);
    const loser = answers.find((answer) => answer.status === 409);
    const stored = await harness.service.get(record.id);
    expect(await loser?.text()).toContain(`already ${stored.decision?.outcome ?? ''} by ${stored.decision?.by ?? ''}`);
  });

  it('refuses a decision on an expired request', async () => {
    const record = await harness.request({ expiresInMs: 1 });
    const maria = await harness.signIn('maria@finance', ['finance']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const response = await maria.decide(record.id, 'approved');
    expect(response.status).toBe(410);
    expect((await harness.service.get(record.id)).decision).toBeUndefined();
  });

  it.each(XSS)('renders %j in arguments, reasons, context, names and comments as text', async (payload) => {
    const record = await harness.request({
      capability: 'payments.refund',
      agentId: payload,
      tenantId: payload,
      args: { [payload]: payload, nested: { list: [payload] } },
      request: { approverGroups: ['finance'], reason: payload, context: { [payload]: payload } },
    });
    const maria = await harness.signIn('maria@finance', ['finance']);
    await maria.decide(record.id, 'rejected', { comment: payload });
    const pages = await Promise.all(
      [`/approvals/${record.id}`, '/', `/?tenant=${encodeURIComponent(payload)}`].map(async (pathname) =>
        (await harness.fetch(pathname, { cookie: maria.cookie })).text(),
      ),
    );
    const fresh = await harness.request({ agentId: payload, args: { note: payload } });
    pages.push(await (await harness.fetch('/', { cookie: maria.cookie })).text(), fresh.id);
    for (const page of pages) {
      for (const tag of tagNames(page)) expect(TEMPLATE_TAGS).toContain(tag);
      expect(hasHandler(page)).toBe(false);
    }
    if (payload.includes('<')) expect(pages[0]).toContain('&lt;');
  });

  it('shows hidden characters in an argument instead of letting them reorder the text', async () => {
    const record = await harness.request({
      args: { file: 'invoice\u202Efdp.exe', note: 'a\u2028b\u200B' },
      request: { approverGroups: ['finance'], reason: 'line one\nline two\u202E' },
    });
    const maria = await harness.signIn('maria@finance', ['finance']);
    const page = await (await harness.fetch(`/approvals/${record.id}`, { cookie: maria.cookie })).text();
    expect(page).toContain('invoice\\u{202E}fdp.exe');
    expect(page).toContain('a\\u{2028}b\\u{200B}');
    expect(page).toContain('line one\\u{000A}line two\\u{202E}');
    expect(page).not.toMatch(/[\u202E\u200B\u2028]/);
  });

  it('shows one row per bound value, nested values by path', async () => {
    const record = await harness.request({
      args: { order: { items: [{ sku: 'A-1' }, { sku: 'B-2' }] }, amountUsd: 10 },
    });
    const maria = await harness.signIn('maria@finance', ['finance']);
    const page = await (await harness.fetch(`/approvals/${record.id}`, { cookie: maria.cookie })).text();
    const text = squash(page);
    expect(text).toContain('<code>order.items[0].sku</code></th><td><code>&quot;A-1&quot;</code>');
    expect(text).toContain('<code>order.items[1].sku</code></th><td><code>&quot;B-2&quot;</code>');
    expect(text).toContain('<code>amountUsd</code></th><td><code>10</code>');
  });

  it('answers 404 for an id that is not one or not in the store', async () => {
    const maria = await harness.signIn('maria@finance', ['finance']);
    expect((await harness.fetch('/approvals/..%2Fsecret', { cookie: maria.cookie })).status).toBe(404);
    expect((await harness.fetch('/approvals/01NOSUCHID', { cookie: maria.cookie })).status).toBe(404);
  });

  it('signs out only with the CSRF token', async () => {
    const maria = await harness.signIn('maria@finance', ['finance']);
    expect((await harness.fetch('/sign-out', { method: 'POST', cookie: maria.cookie, body: form({}) })).status).toBe(
      403,
    );
    expect((await harness.fetch('/', { cookie: maria.cookie })).status).toBe(200);
    const out = await harness.fetch('/sign-out', {
      method: 'POST',
      cookie: maria.cookie,
      body: form({ _csrf: maria.csrf }),
    });
    expect(out.status).toBe(303);
    expect((await harness.fetch('/', { cookie: maria.cookie })).status).toBe(303);
  });
});
