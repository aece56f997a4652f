import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { ApprovalService, InMemoryApprovalStore } from '@brane/approvals';
import type { ConsoleAppOptions } from '@brane/console';
import { ConsoleUsers, createConsoleApp, TokenAuthenticator, visibleText, WebhookNotifier } from '@brane/console';
import { propertyParameters, reportFigures } from './propertyRuns.js';

// Issue 19: every value an agent controls (arguments and their names, the policy's reason and context, agent,
// tenant and principal ids, policy names) and every comment a person types reaches the console's pages. Whatever
// the text, it must stay text: no tag, attribute or handler of its own, no hidden character, and readable as given.
// Since the session rows (the agent's recent actions, and why a session could not be read) and the webhook
// failures (a receiver's or the network's error message) are rendered too, they are covered as well.

const ORIGIN = 'http://127.0.0.1:4319';
/** The tags the console's templates write: any other tag in a page came from data. */
const TEMPLATE_TAGS = new Set(
  'html head meta title link script body header nav a form span strong input button main section h1 h2 p label select option table thead tbody tr th td time code blockquote textarea details summary div ul li'.split(
    ' ',
  ),
);
const FRAGMENTS = [
  '<',
  '>',
  '"',
  "'",
  '&',
  '</td>',
  '<script>',
  '<img src=x onerror=alert(1)>',
  '" onmouseover="x',
  "' autofocus onfocus='x",
  '&lt;',
  '&#x3c;',
  'javascript:',
  '\u202E',
  '\u200B',
  '\u2028',
  '\n',
  '\u0000',
  '\u001b[2J',
  '{{x}}',
  '${x}',
  '--><!--',
];
const hostile = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 8 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => parts.join(''))
  .filter((text) => text.trim() !== '');
/** An id the approval service accepts: printable, so the hostile part is what the service lets through. */
const printable = hostile
  .map((text) => text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '_').slice(0, 200))
  .filter((text) => text.trim() !== '');

/** Control characters but the newlines and tabs of the markup, format and line-separator characters. */
const HIDDEN = /(?![\n\t])[\p{Cc}\p{Cf}\u2028\u2029]/u;

/** The page as a browser reads its text: tags removed, entities decoded. */
function pageText(page: string): string {
  return page
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('the console escapes every hostile value', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), 'brane-console-property-'));
  });
  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('for any text in arguments, reasons, context, ids, policy names, comments, session rows and webhook failures: text only, readable, nothing hidden', async () => {
    const service = new ApprovalService({ store: new InMemoryApprovalStore(), secret: 'p'.repeat(32) });
    const users = new ConsoleUsers(directory);
    /** What the next session read gives: actions with hostile fields, or a hostile failure. */
    let sessionRead: { readonly entry: string; readonly failure?: string } = { entry: '' };
    const agentSessions = {
      load: () =>
        sessionRead.failure !== undefined
          ? Promise.reject(new Error(sessionRead.failure))
          : Promise.resolve({
              lastEntries: () => [
                {
                  capability: sessionRead.entry,
                  type: 'tool' as const,
                  risk: 'high' as const,
                  effect: undefined,
                  external: true,
                  labels: [sessionRead.entry],
                  outcome: 'failed' as const,
                  at: 1_765_000_000_000,
                },
              ],
            }),
    } as unknown as ConsoleAppOptions['agentSessions'];
    /** The next webhook attempt fails with this message. */
    let webhookFailure = '';
    const webhook = new WebhookNotifier({
      url: 'http://127.0.0.1:9/hook',
      secret: 'w'.repeat(32),
      consoleUrl: ORIGIN,
      attempts: 1,
      fetch: () => Promise.reject(new Error(webhookFailure)),
    });
    const { app } = createConsoleApp({
      approvals: service,
      authenticator: new TokenAuthenticator(users),
      agentSessions,
      webhook,
      webhookUrl: 'http://127.0.0.1:9/hook',
      inboxMaxAgeMs: 0,
      inboxMaxStaleMs: 0,
    });
    const post = (pathname: string, fields: Record<string, string>, cookie = ''): Promise<Response> =>
      Promise.resolve(
        app.request(`${ORIGIN}${pathname}`, {
          method: 'POST',
          headers: { origin: ORIGIN, cookie },
          body: new URLSearchParams(fields),
        }),
      );
    const { token } = await users.add({ id: 'maria@finance', groups: ['finance'] });
    const cookie = ((await post('/sign-in', { token })).headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const get = async (pathname: string): Promise<string> =>
      await (await app.request(`${ORIGIN}${pathname}`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await get('/'))?.[1] ?? '';
    const figures = { cases: 0, pages: 0, injected: 0, hidden: 0, unreadable: 0 };
    let sequence = 0;

    await fc.assert(
      fc.asyncProperty(
        fc.record({
          key: hostile,
          value: hostile,
          reason: hostile,
          context: hostile,
          name: printable,
          policy: printable,
          comment: hostile,
          action: hostile,
          failure: hostile,
          readFails: fc.boolean(),
        }),
        async ({ key, value, reason, context, name, policy, comment, action, failure, readFails }) => {
          figures.cases += 1;
          sequence += 1;
          const id = `01JPROP${String(sequence).padStart(8, '0')}`;
          await service.request({
            id,
            capability: `tool.${name}`,
            args: { [key]: value, nested: [{ [key]: value }] },
            tenantId: name,
            principalId: name,
            agentId: name,
            environment: 'prod',
            actionId: `a${sequence}`,
            traceId: `t${sequence}`,
            policies: [{ name: policy, version: name }],
            request: { approverGroups: ['finance'], reason, context: { [context]: context } },
            expiresInMs: 3_600_000,
            sessionId: name,
          });
          sessionRead = readFails ? { entry: action, failure } : { entry: action };
          webhookFailure = failure;
          const record = await service.get(id);
          await webhook.notify({ type: 'approval.requested', record, state: 'pending' });
          await webhook.deliverDue();
          const detail = await get(`/approvals/${id}`);
          await post(`/approvals/${id}/decide`, { _csrf: csrf, outcome: 'rejected', comment }, cookie);
          const pages = [
            detail,
            await get(`/approvals/${id}`),
            await get('/'),
            await get(`/?tenant=${encodeURIComponent(name)}`),
            await get('/notifications'),
          ];
          for (const page of pages) {
            figures.pages += 1;
            const tags = [...page.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((match) => (match[1] ?? '').toLowerCase());
            const handlers = /<[a-z][^>]*\s(on\w+|style|srcdoc|formaction)=/i.test(page.replace(/"[^"]*"/g, '""'));
            if (tags.some((tag) => !TEMPLATE_TAGS.has(tag)) || handlers || /href="(?!\/|#)/.test(page))
              figures.injected += 1;
            if (HIDDEN.test(page)) figures.hidden += 1;
          }
          const text = pageText(pages[1] ?? '');
          const shownComment = comment.trim();
          for (const expected of [reason, visibleText(JSON.stringify(value)), shownComment]) {
            if (expected !== '' && !text.includes(visibleText(expected))) figures.unreadable += 1;
          }
          // The session rows, or the failure to read them; the webhook's failure.
          const sessionShown = readFails ? `Could not read the session: ${failure}` : action;
          if (!pageText(detail).includes(visibleText(sessionShown))) figures.unreadable += 1;
          if (!pageText(pages[4] ?? '').includes(visibleText(`Error: ${failure}`))) figures.unreadable += 1;
          return figures.injected === 0 && figures.hidden === 0 && figures.unreadable === 0;
        },
      ),
      propertyParameters(60),
    );
    reportFigures('consoleEscaping', figures);
    expect(figures).toMatchObject({ injected: 0, hidden: 0, unreadable: 0 });
  }, 120_000);
});
