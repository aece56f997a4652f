import { runInThisContext } from 'node:vm';
import { transformSync } from 'esbuild';
import { Decision } from '@brane/decisions';
import { ConfigurationError } from '@brane/errors';
import * as core from '@brane/core';
import * as decisions from '@brane/decisions';

// A user's agent and policy, as written, then built by esbuild with `minify: true`: parameters become `t, n`.
const source = `
import { BeforeCapability, Capability, Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
export class Agent {
  refunds = [];
  @Capability({ name: 'refund_customer' })
  refund(customerId, amountUsd) {
    this.refunds.push(amountUsd);
    return amountUsd;
  }
  @Capability({ name: 'refund_named', params: ['customerId', 'amountUsd'] })
  refundNamed(customerId, amountUsd) {
    this.refunds.push(amountUsd);
    return amountUsd;
  }
  @Capability({ name: 'add' })
  add(a, b) {
    return a + b;
  }
}
export class Limits {
  @BeforeCapability('refund_customer', { name: 'limit' })
  limit(ctx) {
    return ctx.arg('amountUsd', 0) > 100 ? Decision.deny('over the limit') : Decision.allow();
  }
  @BeforeCapability('refund_named', { name: 'named-limit' })
  namedLimit(ctx) {
    return ctx.args.amountUsd > 100 ? Decision.deny('over the limit') : Decision.allow();
  }
}
export class Everywhere {
  @BeforeCapability('*', { name: 'customer-check' })
  check(ctx) {
    return ctx.hasArg('orderId') && ctx.arg('orderId') === 'blocked' ? Decision.deny('blocked') : Decision.allow();
  }
}
`;

interface Built {
  readonly Agent: new () => {
    refund(c: string, a: number): number;
    refundNamed(c: string, a: number): number;
    refunds: number[];
  };
  readonly Limits: new () => object;
  readonly Everywhere: new () => object;
}

function build(minify: boolean): Built {
  const { code } = transformSync(source, { loader: 'js', format: 'cjs', target: 'es2022', minify });
  const module = { exports: {} as Built };
  const modules: Record<string, unknown> = { '@brane/core': core, '@brane/decisions': decisions };
  const load = runInThisContext(`(function (module, exports, require) {\n${code}\n})`) as (
    module: { exports: Built },
    exports: Built,
    require: (name: string) => unknown,
  ) => void;
  load(module, module.exports, (name: string) => modules[name]);
  return module.exports;
}

describe('capabilities whose parameter names a minifier renamed (MINIFIED_PARAMS)', () => {
  const minified = build(true);

  it('the build did rename the parameters', () => {
    const runtime = new core.Runtime();
    runtime.govern(new minified.Agent());
    expect(runtime.capabilities.find((c) => c.name === 'refund_customer')?.params).toStrictEqual([
      expect.stringMatching(/^[\w$]{1,2}$/),
      expect.stringMatching(/^[\w$]{1,2}$/),
    ]);
  });

  it('validate() reports the policy, the capability and the fix; the first governed call is refused', () => {
    const runtime = new core.Runtime();
    runtime.use(new minified.Limits());
    const agent = runtime.govern(new minified.Agent());

    const report = runtime.validate();
    expect(report.ok).toBe(false);
    expect(report.problems).toStrictEqual([
      expect.objectContaining({ code: 'MINIFIED_PARAMS', policy: 'limit', target: 'refund_customer' }),
    ]);
    expect(report.problems[0]?.message).toMatch(/reads `amountUsd` of `refund_customer`.*look minified/);

    let error: unknown;
    try {
      agent.refund('c1', 50);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'UNRESOLVED_PARAMS' });
    expect((error as Error).message).toMatch(/params: \['customerId', 'amountUsd'\]/);
    expect((error as Error).message).toMatch(/minifyIdentifiers: false/);
    expect(agent.refunds).toStrictEqual([]);
  });

  it('is refused even with unknownTargets: ignore, since every such policy would deny', () => {
    const runtime = new core.Runtime({ unknownTargets: 'ignore' });
    runtime.use(new minified.Limits());
    const agent = runtime.govern(new minified.Agent());
    expect(() => agent.refund('c1', 50)).toThrow(expect.objectContaining({ code: 'UNRESOLVED_PARAMS' }) as Error);
  });

  it('checks a class governed after the policies passed their first check', () => {
    const runtime = new core.Runtime();
    runtime.use(new minified.Limits());
    runtime.govern(new Agent());
    const agent = runtime.govern(new minified.Agent());
    expect(() => agent.refundNamed('c1', 50)).toThrow(expect.objectContaining({ code: 'UNRESOLVED_PARAMS' }) as Error);
  });

  it('a `*` policy counts when the whole build looks minified, for names no capability has', () => {
    const runtime = new core.Runtime();
    runtime.use(new minified.Everywhere());
    runtime.govern(new minified.Agent());
    expect(runtime.validate().problems.map((p) => [p.policy, p.target])).toStrictEqual([
      ['customer-check', 'refund_customer'],
      ['customer-check', 'add'],
    ]);
    // `customerId` is a name `refund_named` has (from `params`): a `*` policy reading it is not reported.
    expect(runtime.validate().problems.every((p) => !p.message.includes('customerId'))).toBe(true);
  });

  it('a `*` policy is not reported when some capability keeps real parameter names', () => {
    const runtime = new core.Runtime();
    runtime.use(new minified.Everywhere());
    runtime.govern(new minified.Agent());
    runtime.govern(new Agent());
    expect(runtime.validate()).toStrictEqual({ ok: true, problems: [] });
  });

  it('a capability with `params` keeps working in the minified build', () => {
    const runtime = new core.Runtime();
    runtime.beforeCapability('refund_named', { name: 'fn-limit' }, (ctx) =>
      ctx.arg<number>('amountUsd', 0) > 100 ? Decision.deny('over') : Decision.allow(),
    );
    const agent = runtime.govern(new minified.Agent());
    expect(runtime.validate()).toStrictEqual({ ok: true, problems: [] });
    expect(agent.refundNamed('c1', 50)).toBe(50);
    expect(() => agent.refundNamed('c1', 500)).toThrow(/over/);
  });

  it('the same source built without minifying has no problem: `add(a, b)` beside real names is not a minified build', () => {
    const plain = build(false);
    const runtime = new core.Runtime();
    runtime.use(new plain.Limits());
    runtime.use(new plain.Everywhere());
    const agent = runtime.govern(new plain.Agent());
    expect(runtime.validate()).toStrictEqual({ ok: true, problems: [] });
    expect(agent.refund('c1', 50)).toBe(50);
  });
});

class Agent {
  @core.Capability({ name: 'other' })
  other(amountUsd: number): number {
    return amountUsd;
  }
}
