import { ConfigurationError } from '@brane/errors';
import { AIMessage } from '@langchain/core/messages';
import { ToolNode } from '@langchain/langgraph/prebuilt';
import { GovernedToolNode, governTool, governToolNode } from '../src/index.js';
import { toolCall } from './fixtures/ScriptedChatModel.js';
import { supportRuntime } from './fixtures/supportRuntime.js';
import { supportTools } from './fixtures/supportTools.js';

describe('governToolNode', () => {
  it('makes a ToolNode of governed tools, with the ToolNode options', () => {
    const { runtime } = supportRuntime();
    const tools = supportTools();
    const node = governToolNode(runtime, [tools.searchOrders, tools.refundCustomer], {
      name: 'governed_tools',
      handleToolErrors: false,
      capabilities: { refund_customer: { risk: 'high' } },
    });
    expect(node).toBeInstanceOf(GovernedToolNode);
    expect(node).toBeInstanceOf(ToolNode);
    expect(node.runtime).toBe(runtime);
    expect(node.name).toBe('governed_tools');
    expect(node.handleToolErrors).toBe(false);
    expect(node.tools.map((tool) => tool.name)).toStrictEqual(['search_orders', 'refund_customer']);
    expect(runtime.capabilities.map((capability) => [capability.name, capability.risk])).toStrictEqual([
      ['langchain.search_orders', 'medium'],
      ['langchain.refund_customer', 'high'],
    ]);
  });

  it('keeps tools already governed by this runtime', () => {
    const { runtime } = supportRuntime();
    const search = governTool(runtime, supportTools().searchOrders, { refusals: 'throw' });
    expect(governToolNode(runtime, [search]).tools[0]).toBe(search);
  });

  it("lets a tool's own error through as ToolNode does (an error message, or thrown without handleToolErrors)", async () => {
    const { runtime } = supportRuntime();
    const message = new AIMessage({ content: '', tool_calls: [toolCall('search_orders', { customerId: 7 })] });
    const handled = (await governToolNode(runtime, [supportTools().searchOrders]).invoke({ messages: [message] })) as {
      messages: AIMessage[];
    };
    expect(handled.messages[0]).toMatchObject({ status: 'error' });
    const strict = governToolNode(supportRuntime().runtime, [supportTools().searchOrders], { handleToolErrors: false });
    await expect(strict.invoke({ messages: [message] })).rejects.toThrow(/did not match expected schema/);
  });

  it('refuses unknown options and a missing runtime', () => {
    const { runtime } = supportRuntime();
    expect(() => governToolNode(runtime, [], { trace: true } as never)).toThrow(
      new ConfigurationError(
        'INVALID_OPTIONS',
        'governToolNode: unknown option `trace` (known: prefix, refusals, sessionId, capabilities, name, tags, handleToolErrors, authorizeApprover)',
      ),
    );
    expect(() => governToolNode(undefined as never, [])).toThrow('governToolNode: expected a Brane Runtime');
    expect(() => governToolNode(runtime, [], { authorizeApprover: 'maria' as never })).toThrow(
      new ConfigurationError(
        'INVALID_OPTIONS',
        'new GovernedToolNode: `authorizeApprover` must be a function (got `"maria"`)',
      ),
    );
  });
});
