// Type tests: `pnpm typecheck` fails if the public API's types drift. The runtime assertions keep jest honest.
import { expectTypeOf } from 'expect-type';
import { Decision } from '@brane/decisions';
import { AfterCapability, BeforeCapability, Capability, Runtime, type CapabilityDefinition } from '@brane/core';
import type { PolicyContext, PolicyFunction } from '@brane/policy-engine';

class Agent {
  @Capability({ name: 'refund', risk: 'high' })
  async refund(customerId: string, amountUsd: number): Promise<{ ok: boolean; amountUsd: number; customerId: string }> {
    return { ok: true, amountUsd, customerId };
  }
}

class Policies {
  @BeforeCapability('refund')
  sync(ctx: PolicyContext): Decision {
    return ctx.isProd ? Decision.deny('prod') : Decision.allow();
  }

  @AfterCapability('refund')
  async asynchronous(): Promise<Decision> {
    return Decision.allow();
  }
}

describe('public types', () => {
  it('govern() returns the instance with its method types intact', () => {
    const runtime = new Runtime();
    runtime.use(new Policies());
    const agent = runtime.govern(new Agent());
    expectTypeOf(agent).toEqualTypeOf<Agent>();
    expectTypeOf(agent.refund).parameters.toEqualTypeOf<[string, number]>();
    expectTypeOf(agent.refund).returns.resolves.toHaveProperty('ok');
    expect(agent).toBeInstanceOf(Agent);
  });

  it('capability() returns a function of the same type', () => {
    const runtime = new Runtime();
    const lookup = runtime.capability({ name: 'lookup' }, (id: string, verbose?: boolean) => ({ id, verbose }));
    expectTypeOf(lookup).toEqualTypeOf<
      (id: string, verbose?: boolean) => { id: string; verbose: boolean | undefined }
    >();
    expect(lookup('a')).toEqual({ id: 'a', verbose: undefined });
  });

  it('ctx.arg is typed by the caller, with the fallback type', () => {
    const check: PolicyFunction = (ctx) => {
      expectTypeOf(ctx.arg<number>('amountUsd', 0)).toEqualTypeOf<number>();
      expectTypeOf(ctx.arg<string>('reason')).toEqualTypeOf<string | undefined>();
      expectTypeOf(ctx.arg('anything')).toEqualTypeOf<unknown>();
      return Decision.allow();
    };
    expect(typeof check).toBe('function');
  });

  it('policy decorators accept only methods that return a Decision', () => {
    expect(() => {
      class Wrong {
        // @ts-expect-error -- a policy must return a Decision, not a boolean
        @BeforeCapability('refund')
        check(): boolean {
          return true;
        }
      }
      return Wrong;
    }).not.toThrow();
  });

  it('capability metadata is readonly data', () => {
    const runtime = new Runtime();
    runtime.govern(new Agent());
    const [definition] = runtime.capabilities;
    expectTypeOf(definition!).toEqualTypeOf<CapabilityDefinition>();
    expectTypeOf(definition!.risk).toEqualTypeOf<'none' | 'low' | 'medium' | 'high' | 'critical'>();
    expect(() => {
      // @ts-expect-error -- readonly
      definition!.risk = 'low';
    }).toThrow(TypeError);
    expect(Object.isFrozen(definition)).toBe(true);
  });
});
