import type { BraneToolApproval } from '../src/index.js';
import { ToolCallLinks } from '../src/ToolCallLinks.js';

const lee = { tenantId: 'tenant_acme', principalId: 'user_lee' };
const later = new Date(Date.now() + 60_000).toISOString();

function approval(approvalId: string, identity = lee, toolCallId = 'call_1'): BraneToolApproval {
  return {
    approvalId,
    capability: 'ai.refund',
    toolName: 'refund',
    toolCallId,
    ...identity,
    reason: 'r',
    approverGroups: ['finance-ops'],
    expiresAt: later,
  };
}

describe('ToolCallLinks', () => {
  it('finds a link only under its identity, tool, tool call id and (when given) arguments', () => {
    const links = new ToolCallLinks();
    links.link(approval('a1'), { amount: 250 });

    expect(links.linkOf(lee, 'refund', 'call_1', { amount: 250 })?.approvalId).toBe('a1');
    expect(links.linkOf(lee, 'refund', 'call_1')?.approvalId).toBe('a1');
    expect(links.linkOf(lee, 'refund', 'call_1', { amount: 251 })).toBeUndefined();
    expect(links.linkOf(lee, 'refund', 'call_2', { amount: 250 })).toBeUndefined();
    expect(links.linkOf(lee, 'lookup', 'call_1', { amount: 250 })).toBeUndefined();
    for (const other of [
      { tenantId: 'tenant_globex', principalId: 'user_lee' },
      { tenantId: 'tenant_acme', principalId: 'user_sam' },
      { tenantId: undefined, principalId: undefined },
      { tenantId: 'tenant_acme', principalId: undefined },
    ]) {
      expect(links.linkOf(other, 'refund', 'call_1', { amount: 250 })).toBeUndefined();
    }
    expect(links.isLinked('a1')).toBe(true);
    expect(links.isLinked('a2')).toBe(false);
  });

  it('keeps one link per arguments of a reused tool call id; a bare lookup gets the latest', () => {
    const links = new ToolCallLinks();
    links.link(approval('a1'), { amount: 250 });
    links.link(approval('a2'), { amount: 300 });

    expect(links.linkOf(lee, 'refund', 'call_1', { amount: 250 })?.approvalId).toBe('a1');
    expect(links.linkOf(lee, 'refund', 'call_1', { amount: 300 })?.approvalId).toBe('a2');
    expect(links.linkOf(lee, 'refund', 'call_1')?.approvalId).toBe('a2');
    links.link(approval('a3'), { amount: 250 }); // relinked: the latest again
    expect(links.linkOf(lee, 'refund', 'call_1')?.approvalId).toBe('a3');
  });

  it('tells apart identities whose ids would collide if joined naively', () => {
    const links = new ToolCallLinks();
    links.link(approval('a1', { tenantId: 'a', principalId: 'b\u0000c' }), {});
    expect(links.linkOf({ tenantId: 'a\u0000b', principalId: 'c' }, 'refund', 'call_1', {})).toBeUndefined();
  });

  it('forgets calls whose requests expired more than a day ago, oldest first', () => {
    const links = new ToolCallLinks();
    const old = { ...approval('old', lee, 'call_old'), expiresAt: new Date(Date.now() - 2 * 86_400_000).toISOString() };
    links.link(old, {});
    links.link(approval('fresh', lee, 'call_new'), {});

    expect(links.isLinked('old')).toBe(false);
    expect(links.isLinked('fresh')).toBe(true);
  });

  it('finds nothing, and does not throw, for input that is not JSON data', () => {
    const links = new ToolCallLinks();
    links.link(approval('a1'), { amount: 250 });
    expect(links.linkOf(lee, 'refund', 'call_1', { at: new Date(0) })).toBeUndefined();
  });
});
