import { Decision, type Transform } from '@brane/decisions';
import { Capability, Runtime } from '@brane/core';
import type { PolicyContext } from '@brane/policy-engine';

interface Order {
  items: { sku: string; qty: number }[];
  total: number;
}

class Shop {
  readonly received: unknown[][] = [];

  @Capability({ name: 'place_order' })
  async placeOrder(customerId: string, order: Order): Promise<number> {
    this.received.push([customerId, structuredClone(order)]);
    return order.total;
  }

  @Capability({ name: 'search' })
  search({ query, limit = 10 }: { query: string; limit?: number }): string {
    this.received.push([query, limit]);
    return `${query}:${limit}`;
  }

  @Capability({ name: 'greet' })
  greet(name: string, greeting = 'hello'): string {
    return `${greeting} ${name}`;
  }

  @Capability({ name: 'store', params: ['key', 'value'] })
  store(...args: unknown[]): number {
    this.received.push(args);
    return args.length;
  }
}

describe('arguments', () => {
  it('policies see arguments by name; the function receives exactly what they saw', async () => {
    const runtime = new Runtime();
    const seen: unknown[] = [];
    runtime.beforeCapability('place_order', { name: 'watch' }, (ctx) => {
      seen.push(structuredClone(ctx.args));
      return Decision.allow();
    });
    const shop = runtime.govern(new Shop());
    await shop.placeOrder('cust_1', { items: [{ sku: 'a', qty: 1 }], total: 10 });
    expect(seen).toEqual([{ customerId: 'cust_1', order: { items: [{ sku: 'a', qty: 1 }], total: 10 } }]);
    expect(shop.received).toEqual([['cust_1', { items: [{ sku: 'a', qty: 1 }], total: 10 }]]);
  });

  it('mutating an argument while an async policy awaits cannot change what executes', async () => {
    const runtime = new Runtime();
    let release: () => void = () => undefined;
    runtime.beforeCapability('place_order', { name: 'slow_limit' }, async (ctx: PolicyContext) => {
      const total = ctx.arg<Order>('order')?.total ?? 0;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return total <= 100 ? Decision.allow() : Decision.deny('over 100');
    });
    const shop = runtime.govern(new Shop());
    const order: Order = { items: [{ sku: 'a', qty: 1 }], total: 10 };
    const pending = shop.placeOrder('cust_1', order);
    await new Promise((resolve) => setImmediate(resolve));
    order.total = 1_000_000;
    order.items.push({ sku: 'gold', qty: 1000 });
    release();
    await expect(pending).resolves.toBe(10);
    expect(shop.received).toEqual([['cust_1', { items: [{ sku: 'a', qty: 1 }], total: 10 }]]);
  });

  it('reads a getter once: a value that changes on every read cannot pass the policy and then change', () => {
    class Payments {
      paid: number[] = [];
      @Capability({ name: 'pay' })
      pay(payment: { amount: number }): void {
        this.paid.push(payment.amount, payment.amount);
      }
    }
    const runtime = new Runtime();
    runtime.beforeCapability('pay', { name: 'limit' }, (ctx) =>
      ctx.arg<{ amount: number }>('payment')!.amount <= 10 ? Decision.allow() : Decision.deny('too much'),
    );
    let reads = 0;
    const tricky = {
      get amount() {
        reads += 1;
        return reads === 1 ? 5 : 5_000;
      },
    };
    const payments = runtime.govern(new Payments());
    payments.pay(tricky);
    expect(payments.paid).toEqual([5, 5]);
  });

  it('passes class instances by reference (they cannot be snapshotted)', () => {
    class Box {
      constructor(public value: number) {}
    }
    class Storage {
      @Capability({ name: 'put' })
      put(box: Box): Box {
        return box;
      }
    }
    const box = new Box(1);
    expect(new Runtime().govern(new Storage()).put(box)).toBe(box);
  });

  it('names the keys of a single destructured object parameter', () => {
    const runtime = new Runtime();
    const seen: unknown[] = [];
    runtime.beforeCapability('search', { name: 'watch' }, (ctx) => {
      seen.push([ctx.arg('query'), ctx.arg('limit', 10), ctx.hasArg('limit')]);
      return Decision.allow();
    });
    const shop = runtime.govern(new Shop());
    expect(shop.search({ query: 'refunds' })).toBe('refunds:10');
    expect(seen).toEqual([['refunds', 10, false]]);
  });

  it('refuses a call to an object capability with anything but one plain object', () => {
    const shop = new Runtime().govern(new Shop());
    const search = shop.search as unknown as (...args: unknown[]) => string;
    expect(() => search('refunds')).toThrow(/takes one plain object argument/);
    expect(() => search({ query: 'a' }, { query: 'b' })).toThrow(/got 2 arguments/);
  });

  it('uses a default when an optional argument is omitted', () => {
    const runtime = new Runtime();
    const seen: unknown[] = [];
    runtime.beforeCapability('greet', { name: 'watch' }, (ctx) => {
      seen.push(ctx.arg('greeting', 'hello'));
      return Decision.allow();
    });
    expect(runtime.govern(new Shop()).greet('ada')).toBe('hello ada');
    expect(seen).toEqual(['hello']);
  });

  it('refuses more arguments than the capability names: no argument escapes the policies', () => {
    const shop = new Runtime().govern(new Shop());
    const greet = shop.greet as unknown as (...args: unknown[]) => string;
    expect(() => greet('ada', 'hi', 'extra')).toThrow(/takes 2 argument\(s\) \(name, greeting\), got 3/);
  });

  it('names arguments from `params` when the parameter list cannot', () => {
    const runtime = new Runtime();
    const seen: unknown[] = [];
    runtime.beforeCapability('store', { name: 'watch' }, (ctx) => {
      seen.push({ ...ctx.args });
      return Decision.allow();
    });
    expect(runtime.govern(new Shop()).store('k', 'v')).toBe(2);
    expect(seen).toEqual([{ key: 'k', value: 'v' }]);
  });

  describe('a transform naming an argument the capability lacks is a deny, for every shape (security review, finding 11)', () => {
    it.each<[string, Transform]>([
      ['patch', { patch: { nope: 1 } }],
      ['replace', { replace: { nope: 1 } }],
    ])('denies a %s naming an unknown key of a destructured object; the body never runs', async (_label, transform) => {
      const runtime = new Runtime();
      const ran: unknown[] = [];
      const search = runtime.capability({ name: 'search_docs' }, async ({ query }: { query: string }) => {
        ran.push(query);
        return query;
      });
      runtime.beforeCapability('search_docs', { name: 'rewrite' }, () => Decision.transformInput(transform));

      await expect(search({ query: 'refunds' })).rejects.toMatchObject({
        code: 'CAPABILITY_DENIED',
        reason: expect.stringMatching(
          /`transform\.(patch|replace)` names `nope`, which is not a key of `search_docs` \(its keys: query\)/,
        ) as string,
      });
      expect(ran).toEqual([]);
    });

    it('runs a transform of declared keys with exactly the transformed values', async () => {
      const runtime = new Runtime();
      const ran: unknown[] = [];
      const search = runtime.capability(
        { name: 'search_docs' },
        async ({ query, limit = 10 }: { query?: string; limit?: number }) => {
          ran.push([query, limit]);
          return query;
        },
      );
      runtime.beforeCapability('search_docs', { name: 'cap' }, () => Decision.transformInput({ patch: { limit: 5 } }));

      await search({ query: 'refunds' });

      expect(ran).toEqual([['refunds', 5]]);
    });

    it('lets a `...rest` pattern take any key, and the `keys` option close it', async () => {
      const runtime = new Runtime();
      const open = runtime.capability({ name: 'open' }, async ({ ...input }: Record<string, unknown>) => input);
      const closed = runtime.capability(
        { name: 'closed', keys: ['path'] },
        async ({ ...input }: Record<string, unknown>) => input,
      );
      runtime.beforeCapability('*', { name: 'add' }, () => Decision.transformInput({ patch: { extra: 1 } }));

      await expect(open({ path: 'a' })).resolves.toEqual({ path: 'a', extra: 1 });
      await expect(closed({ path: 'a' })).rejects.toMatchObject({ code: 'CAPABILITY_DENIED' });
    });

    it('denies an unknown name for `params`, rest parameters and functions whose names cannot be read', () => {
      const runtime = new Runtime();
      runtime.beforeCapability('*', { name: 'add' }, () => Decision.transformInput({ patch: { nope: 1 } }));
      const shop = runtime.govern(new Shop());
      const bound = runtime.capability({ name: 'bound', params: ['a'] }, ((a: number) => a).bind(null));

      expect(() => shop.store('k', 'v')).toThrow(/names `nope`, which is not an argument of `store`/);
      expect(() => shop.greet('ada')).toThrow(/names `nope`, which is not an argument of `greet`/);
      expect(() => bound(1)).toThrow(/names `nope`, which is not an argument of `bound`/);
      expect(shop.received).toEqual([]);
    });
  });
});
