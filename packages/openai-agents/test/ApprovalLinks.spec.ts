import { canonicalJson } from '@brane/approvals';
import { Runtime } from '@brane/core';
import { RunContext, RunToolApprovalItem, Agent } from '@openai/agents';
import { ApprovalLinks, type ApprovalLink } from '../src/ApprovalLinks.js';

const runtime = new Runtime({ tenantId: 'tenant_acme', principalId: 'user_lee' });
const lee = { tenantId: 'tenant_acme', principalId: 'user_lee' };

function link(approvalId: string, input: object, identity = lee): ApprovalLink {
  return {
    runtime,
    ...identity,
    approvalId,
    capability: 'openai.refund',
    toolName: 'refund',
    callId: 'call_1',
    input: canonicalJson(input),
    approverGroups: ['finance-ops'],
    reason: 'r',
    expiresAt: '2030-01-01T00:00:00.000Z',
    refusalMessage: () => 'refused',
    authorizeApprover: undefined,
  };
}

function item(args: object): RunToolApprovalItem {
  const raw = { type: 'function_call' as const, callId: 'call_1', name: 'refund', arguments: JSON.stringify(args) };
  return new RunToolApprovalItem(raw, new Agent({ name: 'a' }));
}

describe('ApprovalLinks', () => {
  it('finds the link of exactly the input, and of input a schema normalized (its defaults added)', () => {
    const links = new ApprovalLinks();
    const context = new RunContext({});
    links.set(context, link('a1', { amount: 250, currency: 'usd' })); // `currency` added by the schema's default

    expect(
      links.get(context, 'refund', 'call_1', lee, canonicalJson({ amount: 250, currency: 'usd' }))?.approvalId,
    ).toBe('a1');
    expect(links.get(context, 'refund', 'call_1', lee, canonicalJson({ amount: 250 }))?.approvalId).toBe('a1');
    expect(links.forItem(context, item({ amount: 250 }))?.approvalId).toBe('a1');
    expect(links.get(context, 'refund', 'call_1', lee, canonicalJson({ amount: 300 }))).toBeUndefined();
    expect(links.forItem(context, item({ amount: 300 }))).toBeUndefined();
    expect(links.get(context, 'refund', 'call_1', lee, undefined)).toBeUndefined();
  });

  it('fails closed when a reused call id leaves several links the input could be', () => {
    const links = new ApprovalLinks();
    const context = new RunContext({});
    links.set(context, link('a1', { amount: 250, note: 'x' }));
    links.set(context, link('a2', { amount: 250, note: 'y' }));

    expect(links.get(context, 'refund', 'call_1', lee, canonicalJson({ amount: 250 }))).toBeUndefined();
    expect(links.forItem(context, item({ amount: 250, note: 'y' }))?.approvalId).toBe('a2');
  });

  it("never finds another identity's link, nor takes it", () => {
    const links = new ApprovalLinks();
    const context = new RunContext({});
    links.set(context, link('theirs', { amount: 250 }, { tenantId: 'tenant_globex', principalId: 'user_lee' }));

    expect(links.get(context, 'refund', 'call_1', lee, canonicalJson({ amount: 250 }))).toBeUndefined();
    expect(links.forItem(context, item({ amount: 250 }))).toBeUndefined(); // the runtime runs as lee
    expect(links.take(context, 'refund', 'call_1', lee, canonicalJson({ amount: 250 }))).toBeUndefined();
  });
});
