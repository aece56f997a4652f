import { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import { Runtime, capabilityOf } from '@brane/core';
import type { PolicyContext } from '@brane/policy-engine';

describe('runtime.capability(options, fn)', () => {
  it('returns a governed function with the same name and arity', () => {
    const runtime = new Runtime();
    const executed: string[] = [];
    const executeSql = runtime.capability(
      { name: 'execute_sql', type: 'database', risk: 'high' },
      function run(query: string) {
        executed.push(query);
        return [{ n: 1 }];
      },
    );
    runtime.beforeCapability('execute_sql', function readOnlySql(ctx: PolicyContext) {
      const query = ctx.arg<string>('query', '').toLowerCase().trim();
      return query.startsWith('select') ? Decision.allow() : Decision.deny('Only SELECT queries are allowed');
    });
    expect(executeSql('select 1')).toEqual([{ n: 1 }]);
    expect(() => executeSql('delete from customers')).toThrow(CapabilityDeniedError);
    expect(executed).toEqual(['select 1']);
    expect(executeSql.name).toBe('run');
    expect(executeSql.length).toBe(1);
    expect(capabilityOf(executeSql)).toMatchObject({
      name: 'execute_sql',
      type: 'database',
      risk: 'high',
      params: ['query'],
    });
  });

  it("defaults the name to the function's name, and requires one for an anonymous function", () => {
    const runtime = new Runtime();
    const lookup = runtime.capability({}, function lookupCustomer(id: string) {
      return id;
    });
    expect(capabilityOf(lookup)?.name).toBe('lookupCustomer');
    expect(() => runtime.capability({}, (x: number) => x)).toThrow(/`name` is required/);
  });

  it("keeps the caller's `this`", () => {
    const runtime = new Runtime();
    const counter = {
      count: 0,
      increment: runtime.capability({ name: 'increment' }, function (this: { count: number }, by: number) {
        this.count += by;
        return this.count;
      }),
    };
    expect(counter.increment(2)).toBe(2);
  });

  it('governs an async tool handler that takes one object', async () => {
    const runtime = new Runtime();
    const search = runtime.capability({ name: 'search_docs', risk: 'low' }, async ({ query }: { query: string }) => [
      query,
    ]);
    runtime.beforeCapability('search_docs', { name: 'no_secrets' }, (ctx) =>
      String(ctx.arg('query')).includes('password') ? Decision.deny('No secret searches') : Decision.allow(),
    );
    await expect(search({ query: 'refund policy' })).resolves.toEqual(['refund policy']);
    await expect(search({ query: 'admin password' })).rejects.toMatchObject({ reason: 'No secret searches' });
  });

  it('refuses options that are not an object, with a typed error', () => {
    expect(() =>
      new Runtime().capability(null as never, function op() {
        return 1;
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_OPTIONS',
        message: expect.stringMatching(/^runtime.capability\(op\): expected object, received null/) as string,
      }) as Error,
    );
    expect(() =>
      new Runtime().beforeCapability('x', null as never, function p() {
        return Decision.allow();
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }) as Error);
    expect(() =>
      new Runtime().beforeCapability(42 as never, function p() {
        return Decision.allow();
      }),
    ).toThrow(/`targets` expected array, received number/);
  });

  it('refuses a non-function', () => {
    expect(() => new Runtime().capability({ name: 'x' }, 'nope' as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error,
    );
  });
});

describe('runtime.beforeCapability / afterCapability', () => {
  it('return the function unchanged, so it can be called directly in a test', () => {
    const runtime = new Runtime();
    const policy = (ctx: PolicyContext) => (ctx.isProd ? Decision.deny('prod') : Decision.allow());
    expect(runtime.beforeCapability('x', { name: 'p' }, policy)).toBe(policy);
    const after = function afterPolicy() {
      return Decision.allow();
    };
    expect(runtime.afterCapability('x', after)).toBe(after);
    expect(runtime.policies.map((p) => [p.name, p.stage])).toEqual([
      ['p', 'before'],
      ['afterPolicy', 'after'],
    ]);
  });

  it('register a policy for several targets at once', () => {
    const runtime = new Runtime();
    const sql = runtime.capability({ name: 'sql' }, () => 'sql');
    const shell = runtime.capability({ name: 'shell' }, () => 'shell');
    const other = runtime.capability({ name: 'other' }, () => 'other');
    runtime.beforeCapability(['sql', 'shell'], { name: 'no_exec' }, () => Decision.deny('no exec'));
    expect(() => sql()).toThrow(/no exec/);
    expect(() => shell()).toThrow(/no exec/);
    expect(other()).toBe('other');
  });

  it('unuse(fn) removes a function policy', () => {
    const runtime = new Runtime();
    const op = runtime.capability({ name: 'op' }, () => 'ran');
    const deny = runtime.beforeCapability('op', { name: 'deny' }, () => Decision.deny('no'));
    expect(() => op()).toThrow(CapabilityDeniedError);
    expect(runtime.unuse(deny)).toBe(true);
    expect(op()).toBe('ran');
  });

  it('refuse a missing policy function', () => {
    expect(() => new Runtime().beforeCapability('x', { name: 'p' }, undefined as never)).toThrow(
      /expected a policy function/,
    );
  });
});
