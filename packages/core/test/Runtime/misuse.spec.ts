import { Decision } from '@brane/decisions';
import { ConfigurationError } from '@brane/errors';
import type { PolicyContext } from '@brane/policy-engine';
import { BeforeCapability, Capability, Runtime } from '@brane/core';

/** Runs a class definition and returns what it threw. */
function defining(define: () => unknown): ConfigurationError {
  try {
    define();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('the class definition did not throw');
}

describe('decorator misuse fails when the decorator is applied', () => {
  it.each([
    [
      'a field',
      () =>
        class {
          // @ts-expect-error -- a field is not a method
          @Capability() value = 1;
        },
      /@Capability on `value`: it decorates methods, not a field/,
    ],
    [
      'a static method',
      () =>
        class {
          @Capability() static op(): void {}
        },
      /@Capability on `op`: it decorates instance methods, not static ones/,
    ],
    [
      'a getter',
      () =>
        class {
          // @ts-expect-error -- a getter is not a method
          @Capability() get value(): number {
            return 1;
          }
        },
      /@Capability on `value`: it decorates methods, not a getter/,
    ],
    [
      'a private method',
      () =>
        class {
          @Capability() #secret(): void {}
          run(): void {
            this.#secret();
          }
        },
      /@Capability on `#secret`: it cannot decorate a private method/,
    ],
    [
      'a symbol-named method',
      () =>
        class {
          @Capability() [Symbol.iterator](): void {}
        },
      /the method must have a string name/,
    ],
    [
      'a policy decorator on a field',
      () =>
        class {
          // @ts-expect-error -- a field is not a method
          @BeforeCapability('x') check = () => Decision.allow();
        },
      /@BeforeCapability on `check`: it decorates methods, not a field/,
    ],
  ])('%s', (_label, define, message) => {
    const error = defining(define);
    expect(error.code).toBe('INVALID_DECORATOR_USAGE');
    expect(error.message).toMatch(message);
  });

  it('an uncalled decorator says how to call it', () => {
    expect(() => Capability((() => undefined) as never)).toThrow(/@Capability must be called/);
    expect(() => BeforeCapability((() => undefined) as never)).toThrow(
      /@BeforeCapability must be called with its target/,
    );
  });

  it.each([
    [{ priority: Number.NaN }, /`priority` expected number, received NaN/],
    [{ priority: '10' }, /`priority` expected number, received string/],
    [{ priorty: 10 }, /unknown option `priorty`/],
    [{ name: '' }, /`name`/],
    [{ enabled: 'yes' }, /`enabled` expected boolean/],
    [{ timeoutMs: -1 }, /`timeoutMs`/],
  ])('bad policy options %j', (options, message) => {
    const error = defining(
      () =>
        class {
          @BeforeCapability('refund_customer', options as never)
          check(ctx: PolicyContext): Decision {
            return ctx.isProd ? Decision.allow() : Decision.deny('x');
          }
        },
    );
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toMatch(/^@BeforeCapability on `check`: /);
    expect(error.message).toMatch(message);
  });

  it.each([
    ['refund_*', /patterns such as `refund_\*` are not supported/],
    ['refund customer', /must be a capability name or `\*`/],
    [[], /must name at least one capability/],
  ])('bad policy target %j', (target, message) => {
    const error = defining(
      () =>
        class {
          @BeforeCapability(target)
          check(): Decision {
            return Decision.allow();
          }
        },
    );
    expect(error.message).toMatch(message);
  });

  it.each([
    [{ risk: 'extreme' }, /`risk` expected one of "none"\|"low"\|"medium"\|"high"\|"critical"/],
    [{ type: 'plugin' }, /`type`/],
    [{ name: 'two words' }, /`name` must be non-empty, without spaces or `\*`/],
    [{ name: '*' }, /`name` must be non-empty, without spaces or `\*`/],
    [{ effect: { type: 'financial', reversable: true } }, /`effect`: unknown option `reversable`/],
    [{ scopes: ['refunds create'] }, /`scopes.0` must be a scope/],
    [{ params: ['a', 'a'] }, /`params` must not repeat a name/],
    [
      { params: ['a', 'b', 'c'] },
      /`params` names 3 argument\(s\) but the function declares 2 \(customerId, amountUsd\)/,
    ],
    [{ sideEffect: ['x'] }, /unknown option `sideEffect`/],
  ])('bad capability options %j', (options, message) => {
    const error = defining(
      () =>
        class {
          @Capability(options as never)
          refund(customerId: string, amountUsd: number): string {
            return `${customerId}${amountUsd}`;
          }
        },
    );
    expect(error.message).toMatch(/^@Capability on `refund`: /);
    expect(error.message).toMatch(message);
  });

  it('arguments that cannot be named are an error that asks for `params`', () => {
    const error = defining(
      () =>
        class {
          @Capability()
          log(...lines: string[]): number {
            return lines.length;
          }
        },
    );
    expect(error.code).toBe('UNRESOLVED_PARAMS');
    expect(error.message).toMatch(
      /@Capability on `log`: cannot name the arguments, because its parameter list has a rest parameter; list them with the `params` option/,
    );
  });
});

describe('misuse fails when the capability or policy is registered', () => {
  class Billing {
    @Capability({ name: 'refund_customer' })
    refund(): void {}
  }
  class Payments {
    @Capability({ name: 'refund_customer' })
    payBack(): void {}
  }

  it('a duplicate capability name on one runtime names both declarations', () => {
    const runtime = new Runtime();
    runtime.govern(new Billing());
    expect(() => runtime.govern(new Payments())).toThrow(
      /runtime.govern\(Payments\): the capability name `refund_customer` of `Payments.payBack` is already used by `Billing.refund` on this runtime/,
    );
    expect(() => runtime.govern(new Payments())).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_CAPABILITY' }) as Error,
    );
  });

  it('a functional capability cannot reuse a governed name', () => {
    const runtime = new Runtime();
    runtime.govern(new Billing());
    expect(() => runtime.capability({ name: 'refund_customer' }, () => undefined)).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_CAPABILITY' }) as Error,
    );
  });

  it('two different runtimes may use the same name', () => {
    new Runtime().govern(new Billing());
    expect(() => new Runtime().govern(new Payments())).not.toThrow();
  });

  it('a duplicate policy name is refused, and nothing of the second class is registered', () => {
    class First {
      @BeforeCapability('refund_customer', { name: 'limit' })
      a(): Decision {
        return Decision.allow();
      }
    }
    class Second {
      @BeforeCapability('refund_customer', { name: 'other' })
      b(): Decision {
        return Decision.allow();
      }
      @BeforeCapability('refund_customer', { name: 'limit' })
      c(): Decision {
        return Decision.allow();
      }
    }
    const runtime = new Runtime();
    runtime.use(new First());
    expect(() => runtime.use(new Second())).toThrow(
      /Second.c: a policy named `limit` is already registered \(First.a\)/,
    );
    expect(runtime.policies.map((p) => p.name)).toEqual(['limit']);
  });

  it('use() refuses objects without policy methods', () => {
    expect(() => new Runtime().use({})).toThrow(/has no @BeforeCapability or @AfterCapability methods/);
    expect(() => new Runtime().use(5 as never)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error);
  });

  it.each([
    [{ environment: 'production' }, /`environment` expected one of "dev"\|"test"\|"staging"\|"prod"/],
    [{ scopes: 'refunds:create' }, /`scopes` expected array/],
    [{ defaultDecision: 'block' }, /`defaultDecision`/],
    [{ policyTimeoutMs: 0 }, /`policyTimeoutMs`/],
    [{ tenant: 'acme' }, /unknown option `tenant`/],
  ])('bad runtime options %j', (options, message) => {
    expect(() => new Runtime(options as never)).toThrow(message);
    expect(() => new Runtime(options as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }) as Error);
  });
});

describe('runtime.validate()', () => {
  class Agent {
    @Capability({ name: 'refund_customer' })
    refund(): void {}
  }

  it('reports a policy whose target nothing declares', () => {
    const runtime = new Runtime();
    runtime.govern(new Agent());
    runtime.beforeCapability(['refund_customer', 'refund_custmer'], { name: 'typo' }, () => Decision.allow());
    runtime.beforeCapability('*', { name: 'global' }, () => Decision.allow());
    expect(runtime.validate()).toEqual({
      ok: false,
      problems: [
        {
          code: 'UNKNOWN_TARGET',
          policy: 'typo',
          target: 'refund_custmer',
          message:
            'Policy `typo` targets `refund_custmer`, which no governed class or function declares (did you mean `refund_customer`?)',
        },
      ],
    });
  });

  it('is ok when every target is declared', () => {
    const runtime = new Runtime();
    runtime.govern(new Agent());
    runtime.beforeCapability('refund_customer', { name: 'fine' }, () => Decision.allow());
    expect(runtime.validate()).toEqual({ ok: true, problems: [] });
  });
});
