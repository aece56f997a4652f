import { BraneError, ConfigurationError } from '@brane/errors';
import { DEFAULT_CAPABILITY_PREFIX, governTool } from '../src/index.js';
import { supportRuntime } from './fixtures/supportRuntime.js';
import { supportTools } from './fixtures/supportTools.js';

describe('governTool', () => {
  it('governs the tool as `langchain.<name>`, with the tool as the capability by default', () => {
    const { runtime } = supportRuntime();
    const governed = governTool(runtime, supportTools().searchOrders);
    expect(DEFAULT_CAPABILITY_PREFIX).toBe('langchain.');
    expect(governed.capability).toBe('langchain.search_orders');
    expect(runtime.capabilities.find((capability) => capability.name === 'langchain.search_orders')).toMatchObject({
      type: 'tool',
      risk: 'medium',
      description: "Lists a customer's orders.",
      metadata: { framework: 'langchain', tool: 'search_orders' },
      async: true,
      params: undefined,
    });
  });

  it('takes capability options, a prefix, and a name of its own', () => {
    const { runtime } = supportRuntime();
    const { refundCustomer, searchOrders } = supportTools();
    const refund = governTool(runtime, refundCustomer, {
      capability: {
        risk: 'high',
        effect: { type: 'financial', reversible: false },
        scopes: ['refunds:create'],
        metadata: { team: 'payments' },
      },
    });
    const search = governTool(runtime, searchOrders, { prefix: 'tools.' });
    expect(runtime.capabilities.find((capability) => capability.name === refund.capability)).toMatchObject({
      risk: 'high',
      effect: { type: 'financial', reversible: false },
      scopes: ['refunds:create'],
      metadata: { framework: 'langchain', tool: 'refund_customer', team: 'payments' },
    });
    expect(search.capability).toBe('tools.search_orders');
    const other = supportRuntime().runtime;
    expect(governTool(other, refundCustomer, { capability: { name: 'refund' } }).capability).toBe('refund');
  });

  it('returns a tool this runtime already governs as it is', () => {
    const { runtime } = supportRuntime();
    const governed = governTool(runtime, supportTools().searchOrders);
    expect(governTool(runtime, governed)).toBe(governed);
  });

  it('refuses a tool another runtime governs, and a second tool of the same capability name', () => {
    const { runtime } = supportRuntime();
    const tools = supportTools();
    const governed = governTool(supportRuntime().runtime, tools.searchOrders);
    expect(() => governTool(runtime, governed)).toThrow(
      expect.objectContaining({ code: 'ALREADY_GOVERNED' }) as ConfigurationError,
    );
    governTool(runtime, tools.searchOrders);
    expect(() => governTool(runtime, supportTools().searchOrders)).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_CAPABILITY' }) as ConfigurationError,
    );
  });

  it.each([
    ['no runtime', undefined, 'governTool: expected a Brane Runtime (got `undefined`)'],
    ['a plain object as runtime', {}, 'governTool: expected a Brane Runtime (got a plain object)'],
  ])('refuses %s with a BraneError (INVALID_ARGUMENT)', (_label, runtime, message) => {
    const error = catching(() => governTool(runtime as never, supportTools().searchOrders));
    expect(error).toBeInstanceOf(BraneError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message });
  });

  it.each([
    ['a function', () => 'x'],
    ['a tool without a name', { description: 'd', schema: {}, invoke: (): string => 'x' }],
    ['a tool without a schema', { name: 'n', description: 'd', invoke: (): string => 'x' }],
  ])('refuses %s as a tool with a BraneError (INVALID_ARGUMENT)', (_label, tool) => {
    const { runtime } = supportRuntime();
    expect(catching(() => governTool(runtime, tool as never))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/^governTool: expected a LangChain tool/) as string,
    });
  });

  it.each([
    ['options that are not an object', 'risky', 'expected an options object (got `"risky"`)'],
    [
      'an unknown option',
      { capabilities: {} },
      'unknown option `capabilities` (known: prefix, refusals, sessionId, capability)',
    ],
    ['a prefix with a space', { prefix: 'lang chain.' }, '`prefix` expected a string without spaces or `*`'],
    ['an unknown refusal mode', { refusals: 'ignore' }, "`refusals` expected 'message' or 'throw'"],
    ['capability options that are not an object', { capability: 'high' }, '`capability` expected capability options'],
    ['`params`', { capability: { params: ['a'] } }, "`capability.params` cannot be set: a tool's arguments"],
    ['`async`', { capability: { async: false } }, '`capability.async` cannot be set'],
    ['an unknown capability option', { capability: { risky: true } }, 'risky'],
    ['an invalid risk', { capability: { risk: 'extreme' } }, 'risk'],
  ])('refuses %s with a ConfigurationError (INVALID_OPTIONS)', (_label, options, message) => {
    const { runtime } = supportRuntime();
    const error = catching(() => governTool(runtime, supportTools().searchOrders, options as never));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS' });
    expect((error as Error).message).toContain(message);
  });
});

function catching(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
