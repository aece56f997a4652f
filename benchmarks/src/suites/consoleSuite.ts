import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApprovalService, FileApprovalStore, InMemoryApprovalStore, type ApprovalStore } from '@brane/approvals';
import { ConsoleUsers, createConsoleApp, TokenAuthenticator } from '@brane/console';
import type { BenchOptions } from '../measure.js';

/** How many pending approvals the inbox benchmark fills the store with. */
export const INBOX_PENDING = 10_000;
const ORIGIN = 'http://127.0.0.1:4319';
const SECRET = 'bench-console-secret-0123456789abcdef';

/** Milliseconds per inbox page load (the whole HTML page, answered in-process). */
export interface ConsoleResults {
  readonly pending: number;
  /** A page of the inbox over a store of 100 pending: the reference. */
  readonly smallInboxMs: number;
  /** The first page over {@link INBOX_PENDING} pending, the store read at most once a second (the default). */
  readonly warmMs: number;
  /** The same, filtered by capability and risk. */
  readonly filteredMs: number;
  /** A page from half-way down the inbox. */
  readonly deepMs: number;
  /** A page that reads and verifies every pending record first (the snapshot expired): memory store. */
  readonly coldMemoryMs: number;
  /** The same on the file store (one JSON file per record, local disk). */
  readonly coldFileMs: number;
  /** `ApprovalService.page` of 50 pending records: what `brane approvals list` pays per page, for comparison. */
  readonly servicePageMs: number;
}

/**
 * The inbox of the approval console with {@link INBOX_PENDING} pending approvals: page loads with the shared
 * snapshot warm, filtered and deep, and cold (the store read and every record's seal verified), beside the same
 * page over 100 pending and a bare `ApprovalService.page`.
 */
export async function consoleSuite(options: BenchOptions): Promise<ConsoleResults> {
  const pending = options.quick ? 1_000 : INBOX_PENDING;
  const rounds = options.quick ? 3 : 15;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'brane-bench-console-'));
  try {
    const memory = await filled(new InMemoryApprovalStore(), pending);
    const small = await filled(new InMemoryApprovalStore(), 100);
    const file = await filled(new FileApprovalStore({ directory: path.join(directory, 'approvals') }), pending);
    const warm = await inbox(memory, directory, 60_000);
    const cold = await inbox(memory, directory, 0);
    const coldFile = await inbox(file, directory, 0);
    const smallInbox = await inbox(small, directory, 60_000);
    const middle = [...(await memory.list({ state: 'pending' }))][Math.floor(pending / 2)]?.id ?? '';
    return {
      pending,
      smallInboxMs: await median(rounds, () => smallInbox('/')),
      warmMs: await median(rounds, () => warm('/')),
      filteredMs: await median(rounds, () => warm('/?capability=payments.refund&risk=high')),
      deepMs: await median(rounds, () => warm(`/?before=${middle}`)),
      coldMemoryMs: await median(rounds, () => cold('/')),
      coldFileMs: await median(Math.min(rounds, 5), () => coldFile('/')),
      servicePageMs: await median(rounds, () => memory.page({ state: 'pending', limit: 50 })),
    };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

/** A service over `store` holding `count` pending approvals of a few capabilities, tenants and risks. */
async function filled(store: ApprovalStore, count: number): Promise<ApprovalService> {
  const service = new ApprovalService({ store, secret: SECRET });
  const capabilities = ['payments.refund', 'crm.delete_contact', 'github.merge_pr', 'email.send_bulk'];
  const risks = ['low', 'medium', 'high', 'critical'];
  for (let start = 0; start < count; start += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, count - start) }, (_, offset) => {
        const i = start + offset;
        return service.request({
          id: `01JBENCH${String(i).padStart(10, '0')}`,
          capability: capabilities[i % 4] ?? 'payments.refund',
          risk: risks[(i >> 2) % 4] ?? 'high',
          args: { customerId: `cust_${i}`, amountUsd: 1_000 + (i % 97) * 100, note: 'Customer called twice about it' },
          tenantId: `tenant_${i % 50}`,
          principalId: `rep-${i % 40}`,
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
  return service;
}

/** A signed-in GET of the console over `service`: resolves with the page's length once read whole. */
async function inbox(
  service: ApprovalService,
  directory: string,
  maxAgeMs: number,
): Promise<(pathname: string) => Promise<number>> {
  const users = new ConsoleUsers(path.join(directory, `console-${maxAgeMs}-${Math.random()}`));
  const { app } = createConsoleApp({
    approvals: service,
    authenticator: new TokenAuthenticator(users),
    inboxMaxAgeMs: maxAgeMs,
  });
  const { token } = await users.add({ id: 'maria@finance', groups: ['finance'] });
  const signIn = await app.request(`${ORIGIN}/sign-in`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
  });
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async (pathname) => {
    const response = await app.request(`${ORIGIN}${pathname}`, { headers: { cookie } });
    if (response.status !== 200) throw new Error(`${pathname} answered ${response.status}`);
    return (await response.text()).length;
  };
}

/** The median of `rounds` timed calls, after one untimed call, in milliseconds. */
async function median(rounds: number, call: () => Promise<unknown>): Promise<number> {
  await call();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? Number.NaN;
}
