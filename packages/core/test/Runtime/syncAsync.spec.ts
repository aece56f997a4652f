import { Decision } from '@brane/decisions';
import { CapabilityDeniedError, PolicyEvaluationError } from '@brane/errors';
import { Capability, Runtime } from '@brane/core';

class Calculator {
  runs = 0;

  @Capability({ name: 'add' })
  add(a: number, b: number): number {
    this.runs += 1;
    return a + b;
  }

  @Capability({ name: 'add_async' })
  async addAsync(a: number, b: number): Promise<number> {
    this.runs += 1;
    await new Promise((resolve) => setTimeout(resolve, 1));
    return a + b;
  }

  @Capability({ name: 'add_later', async: true })
  addLater(a: number, b: number): Promise<number> {
    this.runs += 1;
    return Promise.resolve(a + b);
  }

  @Capability({ name: 'add_promise_undeclared' })
  addPromiseUndeclared(a: number, b: number): Promise<number> {
    this.runs += 1;
    return Promise.resolve(a + b);
  }
}

function calculator(configure: (runtime: Runtime) => void = () => undefined) {
  const runtime = new Runtime();
  configure(runtime);
  return runtime.govern(new Calculator());
}

describe('a synchronous capability', () => {
  it('stays synchronous: it returns its value, not a promise', () => {
    const calc = calculator((r) => r.beforeCapability('add', { name: 'ok' }, () => Decision.allow()));
    const result = calc.add(1, 2);
    expect(result).toBe(3);
    expect(result).not.toBeInstanceOf(Promise);
  });

  it('throws a deny synchronously', () => {
    const calc = calculator((r) => r.beforeCapability('add', { name: 'no' }, () => Decision.deny('no adding')));
    expect(() => calc.add(1, 2)).toThrow(CapabilityDeniedError);
    expect(calc.runs).toBe(0);
  });

  it('denies, without waiting, when a policy is async; the reason says why', () => {
    const calc = calculator((r) =>
      r.beforeCapability('add', { name: 'slow' }, () => new Promise<Decision>(() => undefined)),
    );
    const started = Date.now();
    let error: unknown;
    try {
      calc.add(1, 2);
    } catch (caught) {
      error = caught;
    }
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(CapabilityDeniedError);
    const denied = error as CapabilityDeniedError;
    expect(denied.reason).toMatch(/Policy `slow` failed \(ASYNC_POLICY_ON_SYNC_CAPABILITY\)/);
    expect(denied.cause).toBeInstanceOf(PolicyEvaluationError);
    expect((denied.cause as PolicyEvaluationError).message).toMatch(/`add` is synchronous/);
    expect(calc.runs).toBe(0);
  });

  it('an async policy that later rejects causes no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const calc = calculator((r) =>
        r.beforeCapability(
          'add',
          { name: 'rejects_later' },
          () =>
            new Promise<Decision>((_, reject) => {
              setTimeout(() => {
                reject(new Error('late'));
              }, 5);
            }),
        ),
      );
      expect(() => calc.add(1, 2)).toThrow(CapabilityDeniedError);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a plain function that returns a promise gets its after-policies awaited', async () => {
    const calc = calculator((r) =>
      r.afterCapability('add_promise_undeclared', { name: 'check_output' }, async (ctx) =>
        ctx.output === 3 ? Decision.deny('three is not allowed') : Decision.allow(),
      ),
    );
    await expect(calc.addPromiseUndeclared(1, 1)).resolves.toBe(2);
    await expect(calc.addPromiseUndeclared(1, 2)).rejects.toMatchObject({
      stage: 'after',
      reason: 'three is not allowed',
    });
  });
});

describe('an async capability', () => {
  it('may have async policies', async () => {
    const calc = calculator((r) =>
      r.beforeCapability('add_async', { name: 'async_ok' }, async (ctx) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return ctx.arg<number>('a', 0) < 10 ? Decision.allow() : Decision.deny('too big');
      }),
    );
    await expect(calc.addAsync(1, 2)).resolves.toBe(3);
    await expect(calc.addAsync(11, 2)).rejects.toMatchObject({ reason: 'too big' });
    expect(calc.runs).toBe(1);
  });

  it.each([
    ['a sync policy', () => Decision.deny('sync no')],
    ['an async policy', async () => Decision.deny('async no')],
    [
      'a throwing policy',
      () => {
        throw new Error('boom');
      },
    ],
  ])('reports a deny from %s as a rejected promise, never a synchronous throw', async (_label, policy) => {
    const calc = calculator((r) => r.beforeCapability('add_async', { name: 'p' }, policy));
    let pending: Promise<number> | undefined;
    expect(() => {
      pending = calc.addAsync(1, 2);
    }).not.toThrow();
    await expect(pending).rejects.toBeInstanceOf(CapabilityDeniedError);
    expect(calc.runs).toBe(0);
  });

  it('reports bad arguments as a rejection too', async () => {
    const calc = calculator();
    const addAsync = calc.addAsync as unknown as (...args: unknown[]) => Promise<number>;
    await expect(addAsync(1, 2, 3)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('`async: true` marks a plain promise-returning function as async', async () => {
    const calc = calculator((r) =>
      r.beforeCapability('add_later', { name: 'async_policy' }, async () => Decision.allow()),
    );
    await expect(calc.addLater(2, 2)).resolves.toBe(4);
  });

  it('after-policies may be async and see the awaited output', async () => {
    const seen: unknown[] = [];
    const calc = calculator((r) =>
      r.afterCapability('add_async', { name: 'watch' }, async (ctx) => {
        seen.push(ctx.output);
        return Decision.allow();
      }),
    );
    await calc.addAsync(2, 3);
    expect(seen).toEqual([5]);
  });

  it('a rejection of the body propagates unchanged, and after-policies do not run', async () => {
    class Failing {
      @Capability({ name: 'fails' })
      async fails(): Promise<never> {
        throw new RangeError('body failed');
      }
    }
    const runtime = new Runtime();
    let afterRan = false;
    runtime.afterCapability('fails', { name: 'after' }, () => {
      afterRan = true;
      return Decision.allow();
    });
    await expect(runtime.govern(new Failing()).fails()).rejects.toThrow(RangeError);
    expect(afterRan).toBe(false);
  });
});
