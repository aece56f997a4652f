import fc from 'fast-check';
import { ApprovalService, InMemoryApprovalStore } from '@brane/approvals';
import { IDEMPOTENCY_HEADER, InMemoryWebhookOutbox, WebhookNotifier } from '@brane/console';
import { propertyParameters, reportFigures } from './propertyRuns.js';
import { requestRefund } from '../../packages/console/test/harness/requestRefund';

// Issue 19: the console's webhooks compared two reads of the store, so a request made and decided between two
// reads was never announced, and a restart forgot the deliveries under way. Whatever the interleaving of
// requests, decisions, expiries, scans, failed deliveries and restarts, every notice the store implies
// (`approval.requested` for each request; `approval.decided` for each decision; `approval.expired` for each
// request that expired undecided) must reach the receiver, and no other.

type Step =
  | { readonly kind: 'request'; readonly expiresInMs: number }
  | { readonly kind: 'decide'; readonly pick: number; readonly approve: boolean }
  | { readonly kind: 'tick'; readonly ms: number }
  | { readonly kind: 'scan' }
  | { readonly kind: 'deliver'; readonly receiverUp: boolean }
  | { readonly kind: 'restart' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('request' as const), expiresInMs: fc.integer({ min: 1_000, max: 120_000 }) }),
  fc.record({ kind: fc.constant('decide' as const), pick: fc.nat(), approve: fc.boolean() }),
  fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 90_000 }) }),
  fc.constant({ kind: 'scan' as const }),
  fc.record({ kind: fc.constant('deliver' as const), receiverUp: fc.boolean() }),
  fc.constant({ kind: 'restart' as const }),
);

describe('console webhooks: every notice the store implies is delivered, whatever the interleaving', () => {
  it('requests, decisions, expiries, scans, failed deliveries and restarts in any order', async () => {
    const figures = { cases: 0, steps: 0, notices: 0, missing: 0, unexpected: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40, size: 'max' }), async (steps) => {
        figures.cases += 1;
        let clock = Date.parse('2026-12-06T09:00:00Z');
        const now = (): number => clock;
        const service = new ApprovalService({ store: new InMemoryApprovalStore(), secret: 'p'.repeat(32), now });
        const outbox = new InMemoryWebhookOutbox(); // kept across restarts, as a file or a table is
        const received = new Set<string>();
        let receiverUp = true;
        const fetch = (_url: unknown, init?: RequestInit): Promise<Response> => {
          if (!receiverUp) return Promise.resolve(new Response(null, { status: 503 }));
          received.add(new Headers(init?.headers).get(IDEMPOTENCY_HEADER) ?? '');
          return Promise.resolve(new Response(null, { status: 204 }));
        };
        const start = () =>
          new WebhookNotifier({
            url: 'http://127.0.0.1:9/hook',
            secret: 's'.repeat(32),
            consoleUrl: 'http://c',
            outbox,
            attempts: 50,
            backoffMs: 1, // a failed attempt is due again one test millisecond later
            fetch,
            now,
          });
        let hooks = start();
        await hooks.scan(service); // the first scan ever, before any request
        const ids: string[] = [];
        const expected = new Set<string>();
        for (const next of steps) {
          figures.steps += 1;
          switch (next.kind) {
            case 'request': {
              const id = `01JPROP${String(ids.length).padStart(10, '0')}`;
              ids.push(id);
              await requestRefund(service, id, next.expiresInMs);
              expected.add(`${id}:approval.requested`);
              break;
            }
            case 'decide': {
              const id = ids[next.pick % Math.max(1, ids.length)];
              if (id === undefined) break;
              const input = { approver: { id: 'maria', groups: [], authenticatedBy: 'test' } };
              try {
                await (next.approve ? service.approve(id, input) : service.reject(id, input));
                expected.add(`${id}:approval.decided`);
              } catch {
                // already decided, or expired: nothing new to announce
              }
              break;
            }
            case 'tick':
              clock += next.ms;
              break;
            case 'scan':
              await hooks.scan(service);
              break;
            case 'deliver':
              receiverUp = next.receiverUp;
              await hooks.deliverDue();
              break;
            case 'restart':
              hooks = start();
              break;
          }
        }
        for (const id of ids) {
          const record = await service.get(id);
          if (record.decision === undefined && Date.parse(record.expiresAt) <= clock)
            expected.add(`${id}:approval.expired`);
        }
        receiverUp = true;
        await hooks.scan(service);
        for (let next = await hooks.nextDue(); next !== undefined; next = await hooks.nextDue()) {
          clock = Math.max(clock, next); // the retries' backoff, on the test's clock
          await hooks.deliverDue();
        }
        figures.notices += expected.size;
        const missing = [...expected].filter((key) => !received.has(key));
        const unexpected = [...received].filter((key) => !expected.has(key));
        figures.missing += missing.length;
        figures.unexpected += unexpected.length;
        return missing.length === 0 && unexpected.length === 0;
      }),
      propertyParameters(150),
    );
    reportFigures('consoleWebhooks', figures);
    expect(figures).toMatchObject({ missing: 0, unexpected: 0 });
  }, 120_000);
});
