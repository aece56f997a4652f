import fc from 'fast-check';
import { BraneError } from '@brane/sdk';
import { closeConnections } from '../../packages/mcp/test/support/connect.js';
import { governedClient } from '../../packages/mcp/test/support/governedClient.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * `client.callTool` is async: code awaits it or chains `.catch`. The class of bug: a governed client that throws
 * at the call site for bad `params` (no tool name), which a `.catch` never sees (an uncaught exception instead of
 * a rejected call). For any `params` without a string `name`, a governed client's `callTool` returns a promise
 * that rejects with a `BraneError` (`INVALID_ARGUMENT`), and nothing reaches the server.
 */
describe('@brane/mcp: callTool with params that name no tool', () => {
  afterAll(closeConnections);

  it('rejects with a typed error, never throws at the call site, and sends nothing', async () => {
    const { client, received } = await governedClient();
    const badName = fc.oneof(fc.constant(undefined), fc.integer(), fc.boolean(), fc.constant(null), fc.object());
    const params = fc.oneof(
      fc.constantFrom(undefined, null),
      fc.record({ name: badName, arguments: fc.object() }, { requiredKeys: ['arguments'] }),
    );
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(params, async (given) => {
        cases++;
        let call: Promise<unknown> | undefined;
        expect(() => (call = client.callTool(given as never))).not.toThrow();
        const error = await call!.then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(error).toBeInstanceOf(BraneError);
        expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
        expect(received).toStrictEqual([]);
      }),
      propertyParameters(200),
    );
    reportFigures('mcp callTool params', { cases });
  });
});
