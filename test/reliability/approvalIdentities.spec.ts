import fc from 'fast-check';
import { aiSdkHarness } from '../../packages/ai-sdk/test/support/identityHarness.js';
import { langGraphHarness } from '../../packages/langchain/test/fixtures/identityHarness.js';
import { openAiAgentsHarness } from '../../packages/openai-agents/test/support/identityHarness.js';
import type { AnyHarness, CallIdentity, RefundCall } from './fixtures/AdapterHarness.js';
import { IdentityLedger, emptyIdentityFigures, identityKey, type IdentityFigures } from './fixtures/IdentityLedger.js';
import { propertyParametersWith, reportFigures } from './propertyRuns.js';

// Issue 12, finding 7: approval links keyed by tool call id only let another tenant see and decide a request.
jest.setTimeout(20 * 60_000);

/** The runtime's own (anonymous) identity, and four of two tenants × two principals (a principal id in both). */
const IDENTITIES: readonly CallIdentity[] = [
  {},
  { tenantId: 'tenant_acme', principalId: 'user_1' },
  { tenantId: 'tenant_acme', principalId: 'user_2' },
  { tenantId: 'tenant_globex', principalId: 'user_1' },
  { tenantId: 'tenant_globex', principalId: 'user_2' },
];

/** Who acts on a flow: its owner, or any identity (often another one). */
const actor = fc.oneof(fc.constant('owner' as const), fc.nat({ max: IDENTITIES.length - 1 }));

type Operation =
  | { readonly kind: 'request'; readonly who: number; readonly call: RefundCall }
  | { readonly kind: 'show'; readonly flow: number; readonly who: 'owner' | number }
  | { readonly kind: 'decide'; readonly flow: number; readonly who: 'owner' | number; readonly approved: boolean };

/** Few tool call ids, customers and amounts, so that identities collide on ids and on whole calls. */
const request: fc.Arbitrary<Operation> = fc.record({
  kind: fc.constant('request' as const),
  who: fc.nat({ max: IDENTITIES.length - 1 }),
  call: fc.record({
    callId: fc.constantFrom('call_1', 'call_2'),
    customerId: fc.constantFrom('cust_1', 'cust_2'),
    amountUsd: fc.constantFrom(250, 300, 250, 40), // 40 needs no approval
  }),
});
const operations = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: request },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('show' as const), flow: fc.nat(), who: actor }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('decide' as const),
        flow: fc.nat(),
        who: actor,
        approved: fc.boolean(),
      }),
    },
  ),
  { minLength: 2, maxLength: 9 },
);

/**
 * A sequence that always runs first, with each kind the checks after the run ask for: a tool call id another
 * identity used, another identity's show and decision of a flow, then its owner's approval, which runs the call.
 * The draws reach an approved run in about one case in five: LangGraph's 60 cases would draw none in about one run
 * in 500,000.
 */
const EVERY_KIND: Operation[] = [
  { kind: 'request', who: 1, call: { callId: 'call_1', customerId: 'cust_1', amountUsd: 250 } },
  { kind: 'request', who: 3, call: { callId: 'call_1', customerId: 'cust_2', amountUsd: 300 } },
  { kind: 'show', flow: 0, who: 2 },
  { kind: 'decide', flow: 0, who: 4, approved: true },
  { kind: 'decide', flow: 0, who: 'owner', approved: true },
];

/** Plays `ops` on a fresh harness, counting into `figures`; returns the ledger (its breaches, if any). */
async function play(harness: AnyHarness, ops: readonly Operation[], figures: IdentityFigures): Promise<IdentityLedger> {
  const ledger = new IdentityLedger(harness, figures);
  const flows: {
    readonly owner: CallIdentity;
    readonly args: object;
    readonly flow: { readonly approvalId: string };
  }[] = [];
  const usedIds = new Map<string, Set<string>>();
  figures.cases += 1;
  for (const [index, op] of ops.entries()) {
    figures.operations += 1;
    const label = `${harness.name} op ${index} ${op.kind}`;
    if (op.kind === 'request') {
      const identity = IDENTITIES[op.who]!;
      const users = usedIds.get(op.call.callId) ?? new Set<string>();
      if ([...users].some((user) => user !== identityKey(identity))) figures.collidingRequests += 1;
      usedIds.set(op.call.callId, users.add(identityKey(identity)));
      figures.requests += 1;
      const flow = await ledger.step(identity, label, () => harness.request(identity, op.call));
      if (flow === undefined) continue;
      const { customerId, amountUsd } = op.call;
      await ledger.requested(identity, label, flow.approvalId, { customerId, amountUsd });
      flows.push({ owner: identity, args: { customerId, amountUsd }, flow });
      continue;
    }
    const target = flows[op.flow % Math.max(flows.length, 1)];
    if (target === undefined) continue;
    const identity = op.who === 'owner' ? target.owner : IDENTITIES[op.who]!;
    const own = identityKey(identity) === identityKey(target.owner);
    if (op.kind === 'show') {
      const shown = await ledger.step(identity, label, () => harness.show(target.flow, identity));
      if (shown === undefined) continue;
      figures[own ? 'ownShows' : 'crossShows'] += 1;
      await ledger.shown(identity, label, shown, target.args);
    } else {
      figures[own ? 'ownDecisions' : 'crossDecisions'] += 1;
      await ledger.step(identity, label, () => harness.decide(target.flow, identity, op.approved));
    }
  }
  return ledger;
}

const HARNESSES = [
  ['the AI SDK', aiSdkHarness, 150],
  ['the OpenAI Agents SDK', openAiAgentsHarness, 150],
  ['LangGraph', langGraphHarness, 60],
] as const;

describe('approvals across identities: no approval is created, shown or decided for another tenant or principal', () => {
  it.each(HARNESSES)(
    'through %s, for any interleaving of calls with colliding tool call ids',
    async (name, make, base) => {
      const figures = emptyIdentityFigures();
      await fc.assert(
        fc.asyncProperty(operations, async (ops) => {
          const ledger = await play(make(), ops, figures);
          if (ledger.detail.length > 0) throw new Error(ledger.detail.join('\n'));
        }),
        propertyParametersWith<[Operation[]]>(base, [[EVERY_KIND]]),
      );
      reportFigures(`approvals across identities / ${name}`, figures);
      expect(figures.violations).toStrictEqual({ created: 0, shown: 0, changed: 0, executed: 0 });
      // Not vacuous: ids collided across identities, other identities tried to decide (and, where the adapter shows
      // approvals, to see) a flow, and approved calls ran.
      expect(figures.collidingRequests).toBeGreaterThan(0);
      expect(figures.crossDecisions).toBeGreaterThan(0);
      expect(figures.approvedRuns).toBeGreaterThan(0);
      if (name !== 'LangGraph') expect(figures.crossShows).toBeGreaterThan(0);
    },
  );

  it('negative control: the ledger sees an approval decided under, or shown to, the wrong identity or call', async () => {
    const figures = emptyIdentityFigures();
    const harness = aiSdkHarness();
    const ledger = await play(
      harness,
      [{ kind: 'request', who: 1, call: { callId: 'c', customerId: 'x', amountUsd: 250 } }],
      figures,
    );
    const [record] = await harness.runtime.approvals.list();
    await ledger.step(IDENTITIES[2]!, 'control', () =>
      harness.runtime.approvals.approve(record!.id, { approver: { id: 'maria', groups: ['finance-ops'] } }),
    );
    expect(figures.violations.changed).toBe(1);
    await ledger.shown(IDENTITIES[3]!, 'control', [record!.id], record!.args);
    expect(figures.violations.shown).toBe(1);
    await ledger.shown(IDENTITIES[1]!, 'control', [record!.id], { customerId: 'y', amountUsd: 250 });
    expect(figures.violations.shown).toBe(2); // its own request, but for another call
  });
});
