import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  ApprovalService,
  InMemoryApprovalStore,
  type ApprovalRecord,
  type ApprovalStore,
  type NewApproval,
} from '@brane/approvals';
import {
  ConsoleUsers,
  createConsoleApp,
  TokenAuthenticator,
  type ConsoleApp,
  type ConsoleAppOptions,
} from '@brane/console';

/** The origin the tests' requests come from (and are addressed to). */
export const ORIGIN = 'http://127.0.0.1:4319';

/** A console over an in-memory store, with a users file in a temporary directory. */
export interface Harness extends ConsoleApp {
  readonly service: ApprovalService;
  readonly users: ConsoleUsers;
  readonly directory: string;
  /** Records a pending request; fields override a refund of 25,000. */
  request(overrides?: Partial<NewApproval>): Promise<ApprovalRecord>;
  /** Adds the user, signs them in through the sign-in form, and returns their cookie and CSRF token. */
  signIn(id: string, groups: readonly string[]): Promise<SignedIn>;
  /** A request to the app with the test origin. */
  fetch(pathname: string, init?: RequestInit & { readonly cookie?: string }): Promise<Response>;
  dispose(): void;
}

/** A signed-in person, as the browser would hold them. */
export interface SignedIn {
  readonly cookie: string;
  readonly csrf: string;
  /** Posts a decision form. */
  decide(id: string, outcome: 'approved' | 'rejected', fields?: Record<string, string>): Promise<Response>;
}

let sequence = 0;

/** A fresh harness over `store` (default: in memory); `options` override the app's. */
export function consoleHarness(
  options: Partial<ConsoleAppOptions> = {},
  store: ApprovalStore = new InMemoryApprovalStore(),
): Harness {
  const directory = mkdtempSync(path.join(tmpdir(), 'brane-console-'));
  const service = new ApprovalService({ store, secret: 'k'.repeat(32) });
  const users = new ConsoleUsers(directory);
  const consoleApp = createConsoleApp({
    approvals: service,
    authenticator: new TokenAuthenticator(users),
    inboxMaxAgeMs: 0,
    inboxMaxStaleMs: 0,
    ...options,
  });
  const fetch = async (pathname: string, init: RequestInit & { readonly cookie?: string } = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (init.cookie !== undefined) headers.set('cookie', init.cookie);
    if (init.method === 'POST' && !headers.has('origin')) headers.set('origin', ORIGIN);
    return await consoleApp.app.request(`${ORIGIN}${pathname}`, { ...init, headers });
  };
  return {
    ...consoleApp,
    service,
    users,
    directory,
    fetch,
    request: async (overrides = {}) => {
      sequence += 1;
      return await service.request({
        id: `01JTEST${String(sequence).padStart(10, '0')}${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
        capability: 'payments.refund',
        risk: 'high',
        args: { customerId: 'cust_1', amountUsd: 25_000 },
        tenantId: 'acme',
        principalId: 'customer-7',
        agentId: 'support-agent',
        environment: 'prod',
        actionId: `act_${sequence}`,
        traceId: `trace_${sequence}`,
        policies: [{ name: 'refund_limit', version: '1.0' }],
        request: { approverGroups: ['finance'], reason: 'Over the limit', distinctApprover: true },
        expiresInMs: 3_600_000,
        ...overrides,
      });
    },
    signIn: async (id, groups) => {
      const { token } = await users.add({ id, groups });
      const response = await fetch('/sign-in', { method: 'POST', body: form({ token }) });
      if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const page = await (await fetch('/', { cookie })).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
      return {
        cookie,
        csrf,
        decide: async (approvalId, outcome, fields = {}) =>
          await fetch(`/approvals/${approvalId}/decide`, {
            method: 'POST',
            cookie,
            body: form({ _csrf: csrf, outcome, ...fields }),
          }),
      };
    },
    dispose: () => {
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A form body, as a browser posts it. */
export function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields);
}
