import { ConfigurationError } from '@brane/errors';
import { governTool, governTools } from '../src/index.js';
import { supportRuntime } from './fixtures/supportRuntime.js';
import { supportTools } from './fixtures/supportTools.js';

describe('governTools', () => {
  it('governs every tool, with capability options per tool name', () => {
    const { runtime } = supportRuntime();
    const tools = supportTools();
    const governed = governTools(runtime, [tools.searchOrders, tools.refundCustomer], {
      capabilities: { refund_customer: { risk: 'high' } },
      prefix: 'support.',
    });
    expect(governed.map((tool) => tool.capability)).toStrictEqual(['support.search_orders', 'support.refund_customer']);
    expect(runtime.capabilities.map((capability) => [capability.name, capability.risk])).toStrictEqual([
      ['support.search_orders', 'medium'],
      ['support.refund_customer', 'high'],
    ]);
  });

  it('keeps tools this runtime already governs', () => {
    const { runtime } = supportRuntime();
    const tools = supportTools();
    const search = governTool(runtime, tools.searchOrders);
    const [kept, refund] = governTools(runtime, [search, tools.refundCustomer]);
    expect(kept).toBe(search);
    expect(refund?.capability).toBe('langchain.refund_customer');
  });

  it('refuses capability options for a tool it does not have, so a typo cannot go unnoticed', () => {
    const { runtime } = supportRuntime();
    const tools = supportTools();
    expect(() =>
      governTools(runtime, [tools.refundCustomer], { capabilities: { refund_customr: { risk: 'high' } } }),
    ).toThrow(
      new ConfigurationError(
        'INVALID_OPTIONS',
        'governTools: `capabilities.refund_customr` names no tool (tools: refund_customer)',
      ),
    );
    expect(runtime.capabilities).toStrictEqual([]);
  });

  it('refuses new capability options for a tool already governed', () => {
    const { runtime } = supportRuntime();
    const search = governTool(runtime, supportTools().searchOrders);
    expect(() => governTools(runtime, [search], { capabilities: { search_orders: { risk: 'low' } } })).toThrow(
      'its capability options cannot change',
    );
  });

  it('refuses what is not a list of tools', () => {
    const { runtime } = supportRuntime();
    expect(() => governTools(runtime, 'tools' as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error,
    );
    expect(() => governTools(runtime, [supportTools().searchOrders, null] as never)).toThrow(
      'governTools: tools[1]: expected a LangChain tool',
    );
    expect(() => governTools({} as never, [])).toThrow('governTools: expected a Brane Runtime');
  });
});
