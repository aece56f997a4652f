import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApprovalService, FileApprovalStore, type ApprovalRecord } from '@brane/approvals';
import {
  ConsoleUsers,
  FileConsoleSessions,
  FileWebhookOutbox,
  startConsole,
  TokenAuthenticator,
  WebhookNotifier,
  type RunningConsole,
} from '@brane/console';
import { ApprovalExpiredError, ApprovalRejectedError, BraneError } from '@brane/errors';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { attackerSite } from './attackerSite';
import { eventually, launchChromium } from './browser';
import { refundRuntime, type RefundAgent } from './refundAgent';
import { seedInbox } from './seedInbox';
import { webhookReceiver, type Received } from './webhookReceiver';

const SCREENSHOTS = path.resolve(__dirname, '../../../docs/screenshots');
const SECRET = 'e2e-approval-secret-of-at-least-32-bytes!';
const HOOK_SECRET = 'e2e-webhook-secret';
const XSS_NOTE = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const XSS_CUSTOMER = '"><svg onload=alert(3)>';

let directory: string;
let browser: Browser;
let running: RunningConsole;
let service: ApprovalService;
let users: ConsoleUsers;
let runtime: ReturnType<typeof refundRuntime>['runtime'];
let sessions: ReturnType<typeof refundRuntime>['sessions'];
let agent: RefundAgent;
let raw: RefundAgent;
let hook: { url: string; received: Received[]; close(): Promise<void> };
const dialogs: string[] = [];

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'brane-console-e2e-'));
  ({ runtime, agent, raw, sessions } = refundRuntime(directory, SECRET));
  service = new ApprovalService({
    store: new FileApprovalStore({ directory: path.join(directory, 'approvals') }),
    secret: SECRET,
  });
  users = new ConsoleUsers(path.join(directory, 'console'));
  hook = await webhookReceiver(HOOK_SECRET);
  await seedInbox(service);
  running = await startConsole({
    approvals: service,
    authenticator: new TokenAuthenticator(users),
    auditLog: path.join(directory, 'audit'),
    agentSessions: sessions,
    sessionBackend: new FileConsoleSessions(path.join(directory, 'console')),
    webhook: new WebhookNotifier({
      url: hook.url,
      secret: HOOK_SECRET,
      consoleUrl: 'http://127.0.0.1',
      backoffMs: 10,
      outbox: new FileWebhookOutbox(path.join(directory, 'console')),
    }),
    webhookUrl: hook.url,
    port: 0,
    watchIntervalMs: 100,
  });
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
  await runtime?.close();
  await hook?.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Starts a governed refund that waits for its approval; resolves with the call and its pending record. */
async function askForRefund(
  customerId: string,
  amountUsd: number,
  note: string,
  sessionId?: string,
): Promise<{ call: Promise<unknown>; record: ApprovalRecord }> {
  const refund = () => agent.refund(customerId, amountUsd, note);
  const call = (sessionId === undefined ? refund() : runtime.withContext({ sessionId }, refund)).then(
    (value) => value,
    (error: unknown) => error,
  );
  const record = await eventually(async () => {
    const pending = await service.list({ state: 'pending', capability: 'payments.refund' });
    return pending.find((candidate) => candidate.args['customerId'] === customerId);
  }, `the approval request of ${customerId}`);
  return { call, record };
}

/** A browser of its own for a person, signed in through the one-time link `brane console users add` prints. */
async function signIn(id: string, groups: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const { token } = await users.add({ id, groups });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`${running.url}/sign-in?token=${token}`);
  await Promise.all([page.waitForURL(`${running.url}/`), page.click('button[type=submit]')]);
  return { context, page };
}

describe('the approval console in Chromium', () => {
  it('a person signs in, approves in the browser, and the agent resumes exactly once', async () => {
    const { page, context } = await signIn('maria@finance', ['finance']);
    // Earlier in the agent's session: a small refund that ran without approval.
    await runtime.withContext({ sessionId: 'chat-7f3a' }, () => agent.refund('cust_9b', 120, 'Late delivery'));
    const { call, record } = await askForRefund('cust_9', 25_000, 'Loyal customer since 2019', 'chat-7f3a');
    // The inbox updates live: the request appears without a reload.
    await page.waitForSelector(`a[href="/approvals/${record.id}"]`, { timeout: 10_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'inbox.png'), fullPage: true });
    await page.click(`a[href="/approvals/${record.id}"]`);
    await page.waitForSelector('form.decide');
    expect(await page.textContent('.sentence')).toContain(
      'support-agent wants payments.refund (risk high) for tenant acme',
    );
    // The session's recent actions: what the agent did before asking.
    expect(await page.textContent('table.session-actions')).toMatch(/payments\.refund[\s\S]*succeeded/);
    expect(await page.locator('tr.session-action').count()).toBe(1);
    await page.fill('textarea[name=comment]', 'Known customer, refund approved');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'detail.png'), fullPage: true });
    await Promise.all([page.waitForURL(`${running.url}/approvals/${record.id}`), page.click('button.approve')]);
    expect(await page.textContent('.decision')).toMatch(
      /approved\s+by\s+maria@finance\s+\(signed in: brane-console:token; through finance\)/,
    );

    expect(await call).toBe('refunded 25000 to cust_9');
    expect(raw.refunds.filter((refund) => refund.customerId === 'cust_9')).toHaveLength(1);
    await expect(runtime.resume(record.id)).rejects.toMatchObject({ code: 'APPROVAL_ALREADY_USED' });
    expect(raw.refunds.filter((refund) => refund.customerId === 'cust_9')).toHaveLength(1);

    await eventually(async () => {
      await page.goto(`${running.url}/audit?capability=payments.refund`);
      return (await page.locator('details.action').count()) > 0 ? true : undefined;
    }, 'the audit timeline');
    expect(await page.textContent('.verify')).toContain('verified');
    for (const summary of await page.locator('details.action summary').all()) await summary.click();
    expect(await page.locator('table.policies').first().textContent()).toContain('refund_limit@2.1');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'audit.png'), fullPage: true });
    await context.close();
  }, 60_000);

  it('a rejection in the browser denies the call: the refund never runs', async () => {
    const { page, context } = await signIn('ana@finance', ['finance']);
    const { call, record } = await askForRefund('cust_10', 9_000, 'Asked twice');
    await page.goto(`${running.url}/approvals/${record.id}`);
    await page.fill('textarea[name=comment]', 'Duplicate of an earlier refund');
    await Promise.all([page.waitForURL(`${running.url}/approvals/${record.id}`), page.click('button.reject')]);
    expect(await page.textContent('.decision')).toMatch(/rejected\s+by\s+ana@finance/);
    expect(await call).toBeInstanceOf(ApprovalRejectedError);
    expect(raw.refunds.some((refund) => refund.customerId === 'cust_10')).toBe(false);
    await context.close();
  }, 60_000);

  it('an expired request can no longer be approved, and the call fails as expired', async () => {
    const { page, context } = await signIn('maria@finance', ['finance']);
    const { call, record } = await askForRefund('cust_11', 3_000, 'please expire fast');
    await page.goto(`${running.url}/approvals/${record.id}`);
    await page.waitForSelector('form.decide');
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('button.approve'),
    ]);
    expect(response.status()).toBe(410);
    expect(await page.textContent('[role=alert]')).toContain('expired');
    expect(await call).toBeInstanceOf(ApprovalExpiredError);
    await page.goto(`${running.url}/approvals/${record.id}`);
    expect(await page.textContent('.state')).toBe('expired');
    expect(await page.locator('form.decide').count()).toBe(0);
    expect(raw.refunds.some((refund) => refund.customerId === 'cust_11')).toBe(false);
    await context.close();
  }, 60_000);

  it('renders hostile arguments, reasons and comments as text: no script runs, no element is injected', async () => {
    const { page, context } = await signIn('maria@finance', ['finance']);
    const { call, record } = await askForRefund(XSS_CUSTOMER, 5_000, XSS_NOTE);
    await page.goto(`${running.url}/`);
    await page.goto(`${running.url}/approvals/${record.id}`);
    expect(await page.textContent('.reason')).toContain(XSS_NOTE);
    expect(await page.locator('table.values').textContent()).toContain(JSON.stringify(XSS_CUSTOMER));
    await page.fill('textarea[name=comment]', '<script>alert(4)</script>');
    await Promise.all([page.waitForURL(`${running.url}/approvals/${record.id}`), page.click('button.reject')]);
    expect(await page.textContent('blockquote.comment')).toBe('<script>alert(4)</script>');
    expect(await page.locator('main img, main svg, main script').count()).toBe(0);
    expect(dialogs).toStrictEqual([]);
    expect(await call).toBeInstanceOf(ApprovalRejectedError);
    await context.close();
  }, 60_000);

  it('refuses a decision forged by another site, and one posted without the CSRF token', async () => {
    const { page, context } = await signIn('maria@finance', ['finance']);
    const { call, record } = await askForRefund('cust_12', 7_000, 'Forged?');
    const attacker = await attackerSite(`${running.url}/approvals/${record.id}/decide`);
    try {
      await page.goto(attacker.url);
      const [forged] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.click('button'),
      ]);
      expect(forged.status()).toBe(403);
      await page.goto(`${running.url}/`);
      const status = await page.evaluate(async (target) => {
        const response = await fetch(target, { method: 'POST', body: new URLSearchParams({ outcome: 'approved' }) });
        return response.status;
      }, `/approvals/${record.id}/decide`);
      expect(status).toBe(403);
      expect((await service.get(record.id)).status).toBe('pending');
    } finally {
      await attacker.close();
    }
    await page.goto(`${running.url}/approvals/${record.id}`);
    await Promise.all([page.waitForURL(`${running.url}/approvals/${record.id}`), page.click('button.reject')]);
    expect(await call).toBeInstanceOf(ApprovalRejectedError);
    await context.close();
  }, 60_000);

  it('refuses a person outside the approver groups', async () => {
    const { page, context } = await signIn('sam@support', ['support']);
    const { call, record } = await askForRefund('cust_13', 2_000, 'Support tries');
    await page.goto(`${running.url}/approvals/${record.id}`);
    expect(await page.locator('form.decide').count()).toBe(0);
    expect(await page.textContent('main')).toMatch(/you may read this request, not\s+decide it/);
    await context.close();
    const { page: mariaPage, context: mariaContext } = await signIn('maria@finance', ['finance']);
    await mariaPage.goto(`${running.url}/approvals/${record.id}`);
    await Promise.all([
      mariaPage.waitForURL(`${running.url}/approvals/${record.id}`),
      mariaPage.click('button.reject'),
    ]);
    expect(await call).toBeInstanceOf(BraneError);
    await mariaContext.close();
  }, 60_000);

  it('sends signed webhooks for requests and decisions to a local receiver', async () => {
    await eventually(
      async () => (hook.received.some((notice) => notice.type === 'approval.decided') ? true : undefined),
      'a decided notice',
    );
    expect(hook.received.map((notice) => notice.type)).toEqual(
      expect.arrayContaining(['approval.requested', 'approval.decided', 'approval.expired']),
    );
    expect(hook.received.every((notice) => notice.verified)).toBe(true);
    // Each approval and event once (at least once, and here exactly once: one console, a healthy receiver).
    const keys = hook.received.map((notice) => `${notice.approvalId}:${notice.type}`);
    expect(new Set(keys).size).toBe(keys.length);
  }, 30_000);
});
