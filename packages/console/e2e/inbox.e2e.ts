import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ApprovalService, InMemoryApprovalStore } from '@brane/approvals';
import { ConsoleUsers, startConsole, TokenAuthenticator, type RunningConsole } from '@brane/console';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';

const PENDING = 10_000;

describe('the inbox in Chromium with 10,000 pending approvals', () => {
  let directory: string;
  let browser: Browser;
  let running: RunningConsole;
  let users: ConsoleUsers;

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'brane-console-inbox-'));
    const service = new ApprovalService({ store: new InMemoryApprovalStore(), secret: 'i'.repeat(32) });
    const capabilities = ['payments.refund', 'crm.delete_contact', 'github.merge_pr', 'email.send_bulk'];
    for (let start = 0; start < PENDING; start += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, offset) => {
          const i = start + offset;
          return service.request({
            id: `01JINBOX${String(i).padStart(10, '0')}`,
            capability: capabilities[i % 4] ?? 'payments.refund',
            risk: ['low', 'medium', 'high', 'critical'][(i >> 2) % 4] ?? 'high',
            args: { customerId: `cust_${i}`, amountUsd: 1_000 + i },
            tenantId: `tenant_${i % 50}`,
            agentId: 'support-agent',
            environment: 'prod',
            actionId: `act_${i}`,
            traceId: `trace_${i}`,
            policies: [{ name: 'limit', version: '1.0' }],
            request: { approverGroups: [i % 3 === 0 ? 'finance' : 'support-leads'], reason: 'Over the limit' },
            expiresInMs: 86_400_000,
          });
        }),
      );
    }
    users = new ConsoleUsers(directory);
    running = await startConsole({ approvals: service, authenticator: new TokenAuthenticator(users), port: 0 });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    rmSync(directory, { recursive: true, force: true });
  }, 30_000);

  it('shows the newest 50, filters, and pages; the load times are printed, not asserted', async () => {
    const { token } = await users.add({ id: 'maria@finance', groups: ['finance'] });
    const page = await browser.newPage();
    await page.goto(`${running.url}/sign-in?token=${token}`);
    await Promise.all([page.waitForURL(`${running.url}/`), page.click('button[type=submit]')]);
    const loads: Record<string, number> = {};
    const timed = async (name: string, url: string): Promise<void> => {
      await page.goto(url);
      loads[name] = await page.evaluate(() => {
        // The navigation entry of the page (no DOM types here: the tests compile for Node).
        const timing = performance as unknown as {
          getEntriesByType(type: string): { readonly loadEventEnd: number; readonly startTime: number }[];
        };
        const [entry] = timing.getEntriesByType('navigation');
        return Math.round((entry?.loadEventEnd ?? 0) - (entry?.startTime ?? 0));
      });
    };
    await timed('first page', `${running.url}/`);
    expect(await page.textContent('h1 .count')).toBe(`${PENDING} of ${PENDING}`);
    expect(await page.locator('table.inbox tbody tr').count()).toBe(50);
    expect(await page.locator('table.inbox tbody tr').first().textContent()).toContain(`cust_${PENDING - 1}`);
    await timed('filtered', `${running.url}/?capability=payments.refund&risk=high&mine=1`);
    const filtered = Number((await page.textContent('h1 .count'))?.split(' ')[0]);
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(PENDING / 4);
    await timed('next page', `${running.url}/`);
    await Promise.all([page.waitForURL(/before=/), page.click('a[rel=next]')]);
    expect(await page.locator('table.inbox tbody tr').first().textContent()).toContain(`cust_${PENDING - 51}`);
    console.info(`inbox with ${PENDING} pending, page load in Chromium (ms): ${JSON.stringify(loads)}`);
  }, 120_000);
});
