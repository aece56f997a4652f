import { closeConnections } from './support/connect.js';
import { contextProbe } from './support/contextProbe.js';

afterEach(closeConnections);

/** Claims a `context` might return as they came, without copying them into overrides. */
class Who {
  readonly principalId = 'alice';
}

describe('requestOverrides: the identity `context` gives each call', () => {
  it('runs the call under the overrides a plain object names, and under the runtime for `undefined`', async () => {
    const named = await contextProbe(() => ({ principalId: 'alice' }));
    await named.call();
    expect(named.ranAs).toStrictEqual(['tenant_acme/alice']);
    const none = await contextProbe(() => undefined);
    await none.call();
    expect(none.ranAs).toStrictEqual(['tenant_acme/svc_files']);
  });

  it.each([
    ['a promise (an async `context`)', async () => ({ principalId: 'alice' }), 'an instance of `Promise`'],
    ['a Map', () => new Map([['principalId', 'alice']]), 'an instance of `Map`'],
    ['a class instance', () => new Who(), 'an instance of `Who`'],
    ['null', () => null, '`null`'],
    ['a string', () => 'alice', '`"alice"`'],
  ])(
    'refuses %s: the tool never runs as the runtime, and the client gets a Brane error result',
    async (_, made, got) => {
      const server = await contextProbe(made);

      const result = await server.call();

      expect(server.ranAs).toStrictEqual([]);
      expect(server.checkedAs).toStrictEqual([]);
      expect(result.isError).toBe(true);
      expect(result._meta?.['brane']).toMatchObject({ code: 'INVALID_ARGUMENT' });
      expect((result.content[0] as { text: string }).text).toContain(`\`context\` must return`);
      expect((result.content[0] as { text: string }).text).toContain(got);
    },
  );

  it("passes `context`'s own error to the SDK, which makes its usual error result", async () => {
    const server = await contextProbe(() => {
      throw new Error('token expired');
    });

    const result = await server.call();

    expect(server.ranAs).toStrictEqual([]);
    expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'token expired' }] });
  });
});
