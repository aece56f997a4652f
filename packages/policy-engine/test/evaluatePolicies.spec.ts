import { Decision, composeDecisions } from '@brane/decisions';
import { PolicyEvaluationError, describeValue, type PolicyFailureCode } from '@brane/errors';
import {
  Evaluation,
  evaluatePolicies,
  isThenable,
  type EvaluationOptions,
  type Policy,
  type PolicyContext,
  type PolicyFunction,
} from '@brane/policy-engine';
import { makeCapability, makeContext, makePolicy, recording, sleep, watchUnhandledRejections } from './fixtures';

/** How late a 20 ms timer may fire on a loaded shared machine and still tell it from a 10 s one. */
const LATE_TIMER_MS = 2_000;

const ASYNC: EvaluationOptions = { whenNoneMatch: Decision.allow(), async: true, timeoutMs: 1_000 };
const SYNC: EvaluationOptions = { ...ASYNC, async: false };
const DEFAULT_DENY: EvaluationOptions = { ...ASYNC, whenNoneMatch: Decision.deny('No policy matched') };

/** Evaluates in sync mode and checks that the result came back synchronously. */
function evaluateSync(policies: readonly Policy[], ctx: PolicyContext, options = SYNC): Evaluation {
  const result = evaluatePolicies(policies, ctx, options);
  if (!(result instanceof Evaluation)) throw new Error('expected a synchronous Evaluation');
  return result;
}

/** Checks the shape every fail-closed deny shares, and returns its cause. */
function expectFailure(evaluation: Evaluation, policy: Policy, code: PolicyFailureCode): PolicyEvaluationError {
  expect(evaluation.allowed).toBe(false);
  expect(evaluation.policy).toBe(policy);
  expect(evaluation.decision.type).toBe('deny');
  expect(evaluation.decision.reason).toBe(`Policy \`${policy.name}\` failed (${code}), so the action is denied`);
  expect(evaluation.decision.metadata).toStrictEqual({ failure: code });
  expect(evaluation.decision.policyName).toBe(policy.name);
  expect(evaluation.decision.policyVersion).toBe(policy.version);
  const cause = evaluation.cause;
  expect(cause).toBeInstanceOf(PolicyEvaluationError);
  expect(cause?.code).toBe(code);
  expect(cause?.policyName).toBe(policy.name);
  expect(cause?.policyVersion).toBe(policy.version);
  expect(cause?.details).toStrictEqual({
    policyName: policy.name,
    policyVersion: policy.version,
    capability: 'refund_customer',
    stage: 'before',
  });
  return cause!;
}

describe('evaluatePolicies', () => {
  describe('composition', () => {
    it('returns the allow default when no policy matches', () => {
      const ctx = makeContext();
      const evaluation = evaluateSync([], ctx);

      expect(evaluation.allowed).toBe(true);
      expect(evaluation.policy).toBeUndefined();
      expect(evaluation.cause).toBeUndefined();
      expect(evaluation.decision.type).toBe('allow');
      expect(evaluation.decision.actionId).toBe(ctx.action.actionId);
    });

    it('returns the configured deny default when no policy matches', () => {
      const evaluation = evaluateSync([], makeContext(), {
        ...SYNC,
        whenNoneMatch: Decision.deny('No policy matched'),
      });

      expect(evaluation.allowed).toBe(false);
      expect(evaluation.policy).toBeUndefined();
      expect(evaluation.decision.reason).toBe('No policy matched');
      expect(evaluation.decision.policyName).toBeUndefined();
    });

    it('stops at the first deny: later policies are never called', () => {
      const calls: string[] = [];
      const deny = makePolicy(
        'limit',
        recording(calls, 'limit', () => Decision.deny('Amount too high')),
        {
          version: '1.0',
        },
      );
      const policies = [
        makePolicy(
          'first',
          recording(calls, 'first', () => Decision.allow()),
        ),
        deny,
        makePolicy(
          'later_deny',
          recording(calls, 'later_deny', () => Decision.deny('later')),
        ),
        makePolicy(
          'later_allow',
          recording(calls, 'later_allow', () => Decision.allow()),
        ),
      ];
      const ctx = makeContext();
      const evaluation = evaluateSync(policies, ctx);

      expect(calls).toStrictEqual(['first', 'limit']);
      expect(evaluation.allowed).toBe(false);
      expect(evaluation.policy).toBe(deny);
      expect(evaluation.cause).toBeUndefined();
      expect(evaluation.decision).toMatchObject({
        type: 'deny',
        reason: 'Amount too high',
        policyName: 'limit',
        policyVersion: '1.0',
        actionId: ctx.action.actionId,
      });
    });

    it('returns the last allow when all allow, attributed to that policy and the action', () => {
      const calls: string[] = [];
      const last = makePolicy(
        'last',
        recording(calls, 'last', () => Decision.allow({ reason: 'last word' })),
        {
          version: '2.0',
        },
      );
      const ctx = makeContext();
      const evaluation = evaluateSync(
        [
          makePolicy(
            'first',
            recording(calls, 'first', () => Decision.allow({ reason: 'first word' })),
            {
              version: '1.0',
            },
          ),
          last,
        ],
        ctx,
        { ...SYNC, whenNoneMatch: Decision.deny('default') },
      );

      expect(calls).toStrictEqual(['first', 'last']);
      expect(evaluation.allowed).toBe(true);
      expect(evaluation.policy).toBe(last);
      expect(evaluation.decision).toMatchObject({
        type: 'allow',
        reason: 'last word',
        policyName: 'last',
        policyVersion: '2.0',
        actionId: ctx.action.actionId,
      });
    });

    it('runs the policies in the order given (the plan), passing each the context', () => {
      const seen: [string, PolicyContext][] = [];
      const policy = (name: string, priority: number) =>
        makePolicy(
          name,
          (ctx) => {
            seen.push([name, ctx]);
            return Decision.allow();
          },
          { priority },
        );
      const ctx = makeContext();
      evaluateSync([policy('low', 1), policy('high', 100)], ctx);

      expect(seen).toStrictEqual([
        ['low', ctx],
        ['high', ctx],
      ]);
    });

    it('attributes the decision to the registered policy, not to the name the decision claims', () => {
      const policy = makePolicy('real_name', () => Decision.deny('no', { policyName: 'spoofed', policyVersion: '9' }));
      const evaluation = evaluateSync([policy], makeContext());

      expect(evaluation.decision.policyName).toBe('real_name');
      expect(evaluation.decision.policyVersion).toBeUndefined();
    });

    it.each<[string, () => Decision]>([
      ['approval_required', () => Decision.requireApproval({ approverGroup: 'finance-ops', reason: 'Over the limit' })],
      ['redact', () => Decision.redact(['email'])],
      ['transform_input', () => Decision.transformInput({ patch: { amountUsd: 50 } })],
      ['transform_output', () => Decision.transformOutput({ replace: 'hidden' })],
      ['route', () => Decision.route({ capability: 'refund_v2' })],
      ['sandbox', () => Decision.sandbox({ timeoutMs: 1000 })],
      ['log_only', () => Decision.logOnly('Unusual refund')],
    ])('keeps a %s decision, attributed to its policy, and goes on to later policies', (type, decide) => {
      const later = jest.fn(() => Decision.allow());
      const policy = makePolicy('effect', decide, { version: '0.1' });
      const evaluation = evaluateSync([policy, makePolicy('later', later)], makeContext());

      expect(later).toHaveBeenCalledTimes(1);
      expect(evaluation.allowed).toBe(false);
      expect(evaluation.cause).toBeUndefined();
      expect(evaluation.decision.type).toBe(type);
      expect(evaluation.decision.policyName).toBe('effect');
      expect(evaluation.decision.policyVersion).toBe('0.1');
    });

    it('lets later policies see the arguments as an earlier transform_input left them', () => {
      const seen: unknown[] = [];
      const cap = makePolicy('cap', () => Decision.transformInput({ patch: { amountUsd: 100 } }));
      const check = makePolicy('check', (ctx) => {
        seen.push(ctx.arg('amountUsd'), ctx.args['amountUsd']);
        return Decision.allow();
      });
      const evaluation = evaluateSync([cap, check], makeContext());

      expect(seen).toStrictEqual([100, 100]);
      expect(evaluation.args).toStrictEqual(['cust_123', 100, '']);
      expect(evaluation.decision.type).toBe('transform_input');
    });

    it('denies, naming the policy, a transform_input it cannot honour (an argument the capability lacks)', () => {
      const bad = makePolicy('bad_patch', () => Decision.transformInput({ patch: { amount: 1 } }));
      const later = jest.fn(() => Decision.allow());
      const evaluation = evaluateSync([bad, makePolicy('later', later)], makeContext());

      expect(later).not.toHaveBeenCalled();
      expect(evaluation.decision.type).toBe('deny');
      expect(evaluation.decision.policyName).toBe('bad_patch');
      expect(evaluation.decision.reason).toMatch(
        /^Policy `bad_patch` returned transform_input, which cannot be honoured: .*amount/,
      );
      expect(evaluation.decision.metadata).toMatchObject({ unhonoured: 'transform_input' });
    });

    it('takes in each effect of a composed decision a policy returns, so none is lost', () => {
      const composed = composeDecisions(
        [Decision.transformInput({ patch: { amountUsd: 10 } }), Decision.logOnly('watch')],
        Decision.allow(),
      );
      const evaluation = evaluateSync([makePolicy('bundle', () => composed)], makeContext());

      expect(evaluation.args).toStrictEqual(['cust_123', 10, '']);
      expect(evaluation.decision.effects?.map((effect) => [effect.type, effect.policyName])).toStrictEqual([
        ['transform_input', 'bundle'],
        ['log_only', 'bundle'],
      ]);
    });

    it('lets later after-policies see the output as an earlier redaction left it', () => {
      const seen: unknown[] = [];
      const redact = makePolicy('redact_email', () => Decision.redact(['customer.email']), { stage: 'after' });
      const check = makePolicy(
        'check',
        (ctx) => {
          seen.push(ctx.output);
          return Decision.allow();
        },
        { stage: 'after' },
      );
      const output = { customer: { id: 'c1', email: 'a@b.example' } };
      const ctx = makeContext({ output }, { stage: 'after' });
      const evaluation = evaluatePolicies([redact, check], ctx, SYNC) as Evaluation;

      expect(seen).toStrictEqual([{ customer: { id: 'c1', email: '[REDACTED]' } }]);
      expect(evaluation.output).toStrictEqual({ customer: { id: 'c1', email: '[REDACTED]' } });
      expect(output.customer.email).toBe('a@b.example');
    });

    it.each<[string, () => Decision]>([
      ['approval_required', () => Decision.requireApproval({ approverGroup: 'ops', reason: 'late' })],
      ['transform_input', () => Decision.transformInput({ patch: { amountUsd: 1 } })],
      ['route', () => Decision.route({ capability: 'other' })],
      ['sandbox', () => Decision.sandbox({ timeoutMs: 10 })],
    ])('denies a %s returned after the capability ran: it can no longer be honoured', (type, decide) => {
      const policy = makePolicy('too_late', decide, { stage: 'after' });
      const ctx = makeContext({ output: 'done' }, { stage: 'after' });
      const evaluation = evaluatePolicies([policy], ctx, SYNC) as Evaluation;

      expect(evaluation.decision.type).toBe('deny');
      expect(evaluation.decision.reason).toBe(
        `Policy \`too_late\` returned ${type}, which cannot be honoured: a \`${type}\` decision cannot be honoured after the capability has run`,
      );
    });
  });

  describe('observer', () => {
    it('is told every evaluated policy, in order, with its own decision, duration and whether it is enforced', async () => {
      const seen: unknown[] = [];
      const options: EvaluationOptions = {
        ...ASYNC,
        observe: (observation) => {
          seen.push([
            observation.policy.name,
            observation.decision.type,
            observation.enforced,
            observation.cause?.code,
            observation.durationMs >= 0,
          ]);
        },
      };
      const policies = [
        makePolicy('allows', () => Decision.allow()),
        makePolicy('shadow', () => Decision.deny('would deny'), { mode: 'shadow' }),
        makePolicy('async_logs', () => Promise.resolve(Decision.logOnly('watch'))),
        makePolicy('throws', () => {
          throw new Error('boom');
        }),
        makePolicy('never_runs', () => Decision.allow()),
      ];

      await evaluatePolicies(policies, makeContext(), options);

      expect(seen).toStrictEqual([
        ['allows', 'allow', true, undefined, true],
        ['shadow', 'deny', false, undefined, true],
        ['async_logs', 'log_only', true, undefined, true],
        ['throws', 'deny', true, 'POLICY_ERROR', true],
      ]);
    });

    it('is told of a timeout as a failure', async () => {
      const seen: string[] = [];
      const slow = makePolicy('slow', () => new Promise<Decision>(() => undefined), { timeoutMs: 5 });

      await evaluatePolicies([slow], makeContext(), {
        ...ASYNC,
        observe: (observation) => seen.push(observation.cause?.code ?? 'none'),
      });

      expect(seen).toStrictEqual(['POLICY_TIMEOUT']);
    });
  });

  describe('shadow mode', () => {
    it('evaluates a shadow policy and records its deny without enforcing it', () => {
      const shadow = makePolicy('new_limit', () => Decision.deny('Would deny'), { mode: 'shadow', version: '2' });
      const later = jest.fn(() => Decision.allow());
      const evaluation = evaluateSync([shadow, makePolicy('later', later)], makeContext());

      expect(later).toHaveBeenCalledTimes(1);
      expect(evaluation.allowed).toBe(true);
      expect(evaluation.shadow).toHaveLength(1);
      expect(evaluation.shadow[0]?.policy).toBe(shadow);
      expect(evaluation.shadow[0]?.decision.type).toBe('deny');
      expect(evaluation.shadow[0]?.decision.policyName).toBe('new_limit');
      expect(evaluation.shadow[0]?.decision.policyVersion).toBe('2');
      expect(evaluation.shadow[0]?.cause).toBeUndefined();
    });

    it('records a failing shadow policy as a deny with its cause, and enforces nothing', () => {
      const shadow = makePolicy(
        'broken',
        () => {
          throw new Error('boom');
        },
        { mode: 'shadow' },
      );
      const evaluation = evaluateSync([shadow], makeContext());

      expect(evaluation.allowed).toBe(true);
      expect(evaluation.shadow[0]?.decision.type).toBe('deny');
      expect(evaluation.shadow[0]?.cause?.code).toBe('POLICY_ERROR');
    });

    it('records an async shadow policy in async mode, and a promise in sync mode as a failure', async () => {
      const shadow = makePolicy('async_shadow', () => Promise.resolve(Decision.deny('no')), { mode: 'shadow' });
      const asyncResult = await evaluatePolicies([shadow], makeContext(), ASYNC);
      const syncResult = evaluateSync([shadow], makeContext());

      expect(asyncResult.allowed).toBe(true);
      expect(asyncResult.shadow[0]?.decision.reason).toBe('no');
      expect(syncResult.allowed).toBe(true);
      expect(syncResult.shadow[0]?.cause?.code).toBe('ASYNC_POLICY_ON_SYNC_CAPABILITY');
    });

    it('never lets a shadow allow count as a match, so a default deny still denies', () => {
      const shadow = makePolicy('shadow_allow', () => Decision.allow(), { mode: 'shadow' });
      const evaluation = evaluateSync([shadow], makeContext(), { ...DEFAULT_DENY, async: false });

      expect(evaluation.allowed).toBe(false);
      expect(evaluation.decision.reason).toBe('No policy matched');
      expect(evaluation.shadow[0]?.decision.type).toBe('allow');
    });
  });

  describe('required scopes', () => {
    const scoped = (scopes: readonly string[], required: readonly string[] = ['refunds:create']) =>
      makeContext({ scopes, capability: makeCapability({ scopes: required }) });

    it('denies before any policy runs when the agent lacks a required scope, attributed to brane.required_scopes', () => {
      const policy = jest.fn(() => Decision.allow());
      const ctx = scoped(['billing:read']);
      const result = evaluatePolicies([makePolicy('p', policy, { priority: 1_000 })], ctx, ASYNC);

      expect(result).toBeInstanceOf(Evaluation);
      const evaluation = result as Evaluation;
      expect(policy).not.toHaveBeenCalled();
      expect(evaluation.allowed).toBe(false);
      expect(evaluation.policy?.name).toBe('brane.required_scopes');
      expect(evaluation.cause).toBeUndefined();
      expect(evaluation.decision).toMatchObject({
        type: 'deny',
        reason: 'Agent lacks the scope `refunds:create` required by `refund_customer`',
        policyName: 'brane.required_scopes',
        policyVersion: '1.0',
        actionId: ctx.action.actionId,
        metadata: { missingScopes: ['refunds:create'] },
      });
    });

    it('names every missing scope', () => {
      const evaluation = evaluateSync([], scoped([], ['refunds:create', 'billing:write']));

      expect(evaluation.decision.reason).toBe(
        'Agent lacks the scopes `refunds:create`, `billing:write` required by `refund_customer`',
      );
    });

    it.each([[['refunds:create']], [['refunds:*']], [['*']]])(
      'goes on to the policies when the agent holds the scopes (granted %p)',
      (granted) => {
        const evaluation = evaluateSync([makePolicy('p', () => Decision.deny('policy says no'))], scoped(granted));

        expect(evaluation.decision.reason).toBe('policy says no');
      },
    );

    it('does not count its allow as a match: a deny default still denies when no policy matches', () => {
      const evaluation = evaluateSync([], scoped(['refunds:create']), {
        ...SYNC,
        whenNoneMatch: DEFAULT_DENY.whenNoneMatch,
      });

      expect(evaluation.allowed).toBe(false);
      expect(evaluation.policy).toBeUndefined();
      expect(evaluation.decision.reason).toBe('No policy matched');
    });

    it('is not the decisive policy of an allow', () => {
      const policy = makePolicy('p', () => Decision.allow());
      const evaluation = evaluateSync([policy], scoped(['refunds:create']));

      expect(evaluation.policy).toBe(policy);
    });

    it('is checked at the before stage only', () => {
      const policy = jest.fn(() => Decision.allow());
      const ctx = makeContext(
        { scopes: [], capability: makeCapability({ scopes: ['refunds:create'] }), output: 'done' },
        { stage: 'after' },
      );
      const evaluation = evaluateSync([makePolicy('after_p', policy, { stage: 'after' })], ctx);

      expect(policy).toHaveBeenCalledTimes(1);
      expect(evaluation.allowed).toBe(true);
    });
  });

  describe('fail closed', () => {
    it.each([
      ['sync', SYNC],
      ['async', ASYNC],
    ])('denies (%s) when a policy returns an object whose `then` throws', (_mode, options) => {
      const thrown = new Error('then exploded');
      const junk = {
        get then(): never {
          throw thrown;
        },
      };
      const tricky = makePolicy('tricky', () => junk);
      const evaluation = evaluateSync([tricky], makeContext(), options);
      expect(expectFailure(evaluation, tricky, 'POLICY_ERROR').cause).toBe(thrown);
    });

    it('denies when a policy throws, with the error as the cause of the cause', () => {
      const thrown = new Error('database password is hunter2');
      const later = jest.fn(() => Decision.allow());
      const failing = makePolicy(
        'flaky',
        () => {
          throw thrown;
        },
        { version: '3' },
      );
      const evaluation = evaluateSync([failing, makePolicy('later', later)], makeContext());

      const cause = expectFailure(evaluation, failing, 'POLICY_ERROR');
      expect(cause.message).toBe(
        'Policy `flaky` threw or rejected: Error; it is `error.cause.cause`; its message is not copied here, as it may quote secrets',
      );
      expect(cause.message).not.toContain('hunter2');
      expect(cause.cause).toBe(thrown);
      expect(later).not.toHaveBeenCalled();
    });

    it('keeps a thrown non-Error value as the cause of the cause', () => {
      const failing = makePolicy('throws_string', () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- a policy may throw anything
        throw 'plain string';
      });

      expect(expectFailure(evaluateSync([failing], makeContext()), failing, 'POLICY_ERROR').cause).toBe('plain string');
    });

    it('denies when an async policy rejects', async () => {
      const rejection = new TypeError('fetch failed');
      const failing = makePolicy('remote', async () => {
        await sleep(1);
        throw rejection;
      });
      const later = jest.fn(() => Decision.allow());
      const evaluation = await evaluatePolicies([failing, makePolicy('later', later)], makeContext(), ASYNC);

      const cause = expectFailure(evaluation, failing, 'POLICY_ERROR');
      expect(cause.cause).toBe(rejection);
      expect(later).not.toHaveBeenCalled();
    });

    it('denies when an async policy does not settle within its own timeout', async () => {
      const never = makePolicy('hangs', () => new Promise<Decision>(() => undefined), { timeoutMs: 20 });
      const started = performance.now();
      const evaluation = await evaluatePolicies([never], makeContext(), { ...ASYNC, timeoutMs: 10_000 });
      const elapsed = performance.now() - started;

      const cause = expectFailure(evaluation, never, 'POLICY_TIMEOUT');
      expect(cause.message).toBe('Policy `hangs` did not settle within 20 ms');
      expect(cause.cause).toBeUndefined();
      expect(elapsed).toBeGreaterThanOrEqual(15);
      // Its own 20 ms, not the evaluation's 10 s: a loaded machine can run a timer late, so the bound is loose.
      expect(elapsed).toBeLessThan(LATE_TIMER_MS);
    });

    it('uses the evaluation timeout when the policy sets none', async () => {
      const never = makePolicy('hangs', () => new Promise<Decision>(() => undefined));
      const started = performance.now();
      const evaluation = await evaluatePolicies([never], makeContext(), { ...ASYNC, timeoutMs: 20 });

      expect(expectFailure(evaluation, never, 'POLICY_TIMEOUT').message).toBe(
        'Policy `hangs` did not settle within 20 ms',
      );
      expect(performance.now() - started).toBeLessThan(LATE_TIMER_MS);
    });

    it('accepts a policy that settles within its timeout', async () => {
      const slow = makePolicy(
        'slow',
        async () => {
          await sleep(5);
          return Decision.allow();
        },
        { timeoutMs: 500 },
      );
      const evaluation = await evaluatePolicies([slow], makeContext(), ASYNC);

      expect(evaluation.allowed).toBe(true);
      expect(evaluation.policy).toBe(slow);
    });

    it('causes no unhandled rejection when a timed-out policy rejects later', async () => {
      const watcher = watchUnhandledRejections();
      try {
        const late = makePolicy(
          'late',
          async () => {
            await sleep(40);
            throw new Error('too late');
          },
          { timeoutMs: 10 },
        );
        const evaluation = await evaluatePolicies([late], makeContext(), ASYNC);
        await sleep(60);

        expectFailure(evaluation, late, 'POLICY_TIMEOUT');
        expect(watcher.reasons).toStrictEqual([]);
      } finally {
        watcher.stop();
      }
    });

    class Decision2 {
      readonly type = 'allow';
      readonly allowed = true;
    }
    // An object of a class named `Decision`, as a second copy of @brane/decisions would produce.
    const ForeignDecision = {
      Decision: class {
        readonly type = 'allow';
        readonly allowed = true;
        readonly denied = false;
      },
    }.Decision;

    it.each<[string, () => unknown]>([
      ['undefined', () => undefined],
      ['null', () => null],
      ["the string 'allow'", () => 'allow'],
      ['true', () => true],
      ['an empty object', () => ({})],
      ['a plain object with type allow', () => ({ type: 'allow' })],
      ['the JSON form of an allow', () => Decision.allow().toJSON()],
      ['an instance of another class', () => new Decision2()],
      ['an array of decisions', () => [Decision.allow()]],
    ])('denies when a policy returns %s (INVALID_DECISION)', (_label, make) => {
      const value = make();
      const policy = makePolicy('junk', make as PolicyFunction);
      const evaluation = evaluateSync([policy], makeContext());

      const cause = expectFailure(evaluation, policy, 'INVALID_DECISION');
      expect(cause.message).toBe(
        `Policy \`junk\` returned ${describeValue(value)}, not a Decision: return Decision.allow() or Decision.deny(reason)`,
      );
      expect(cause.cause).toBeUndefined();
    });

    it('denies an object shaped like a Decision from another copy of the package, and says so', () => {
      const policy = makePolicy('foreign', () => new ForeignDecision() as unknown as Decision);
      const cause = expectFailure(evaluateSync([policy], makeContext()), policy, 'INVALID_DECISION');

      expect(cause.message).toBe(
        'Policy `foreign` returned an instance of `Decision`, not a Decision: return Decision.allow() or ' +
          'Decision.deny(reason) (it looks like a Decision from another copy of @brane/decisions: is the package installed twice?)',
      );
    });

    it('denies when an async policy resolves to something that is not a Decision', async () => {
      const policy = makePolicy('async_junk', async () => ({ type: 'allow' }) as unknown as Decision);
      const evaluation = await evaluatePolicies([policy], makeContext(), ASYNC);

      expect(expectFailure(evaluation, policy, 'INVALID_DECISION').message).toContain('returned a plain object');
    });

    it.each<[string, () => unknown]>([
      [
        'throws',
        () => {
          throw new Error('SECRET-TOKEN-123');
        },
      ],
      ['rejects', () => Promise.reject(new Error('SECRET-TOKEN-123'))],
      ['returns junk', () => ({ reason: 'SECRET-TOKEN-123' })],
    ])('does not leak the failure into the deny reason when a policy %s', async (_label, evaluate) => {
      const evaluation = await evaluatePolicies([makePolicy('p', evaluate as PolicyFunction)], makeContext(), ASYNC);

      expect(evaluation.allowed).toBe(false);
      expect(evaluation.decision.reason).not.toContain('SECRET-TOKEN-123');
      expect(JSON.stringify(evaluation.decision)).not.toContain('SECRET-TOKEN-123');
    });
  });

  describe('sync and async', () => {
    it('stays synchronous in async mode while every policy is synchronous', () => {
      const result = evaluatePolicies(
        [makePolicy('a', () => Decision.allow()), makePolicy('b', () => Decision.allow())],
        makeContext(),
        ASYNC,
      );

      expect(isThenable(result)).toBe(false);
      expect(result).toBeInstanceOf(Evaluation);
    });

    it('returns a promise in async mode once a policy returns one, and goes on after it in order', async () => {
      const calls: string[] = [];
      const third = makePolicy(
        'third',
        recording(calls, 'third', () => Decision.deny('third says no')),
      );
      const result = evaluatePolicies(
        [
          makePolicy(
            'first',
            recording(calls, 'first', () => Decision.allow()),
          ),
          makePolicy('second', async () => {
            await sleep(1);
            calls.push('second');
            return Decision.allow();
          }),
          third,
          makePolicy(
            'fourth',
            recording(calls, 'fourth', () => Decision.allow()),
          ),
        ],
        makeContext(),
        ASYNC,
      );

      expect(isThenable(result)).toBe(true);
      const evaluation = await result;
      expect(calls).toStrictEqual(['first', 'second', 'third']);
      expect(evaluation.policy).toBe(third);
      expect(evaluation.decision.reason).toBe('third says no');
    });

    it('stops at an async deny', async () => {
      const later = jest.fn(() => Decision.allow());
      const deny = makePolicy('async_deny', async () => Decision.deny('async no'));
      const evaluation = await evaluatePolicies([deny, makePolicy('later', later)], makeContext(), ASYNC);

      expect(later).not.toHaveBeenCalled();
      expect(evaluation.policy).toBe(deny);
      expect(evaluation.decision.reason).toBe('async no');
    });

    it('composes async allows into the last allow', async () => {
      const last = makePolicy('last', async () => Decision.allow({ reason: 'ok' }));
      const evaluation = await evaluatePolicies(
        [makePolicy('first', async () => Decision.allow()), last],
        makeContext(),
        DEFAULT_DENY,
      );

      expect(evaluation.allowed).toBe(true);
      expect(evaluation.policy).toBe(last);
    });

    it('accepts a non-native thenable in async mode', async () => {
      const thenable: PromiseLike<Decision> = {
        then: (resolve) => Promise.resolve(Decision.deny('from a thenable')).then(resolve),
      };
      const evaluation = await evaluatePolicies([makePolicy('t', () => thenable)], makeContext(), ASYNC);

      expect(evaluation.decision.reason).toBe('from a thenable');
    });

    it.each<[string, () => PromiseLike<Decision>]>([
      ['a promise of an allow', () => Promise.resolve(Decision.allow())],
      ['a promise that never settles', () => new Promise<Decision>(() => undefined)],
      ['a non-native thenable', () => ({ then: () => undefined }) as unknown as PromiseLike<Decision>],
    ])('in sync mode, denies a policy that returns %s, synchronously', (_label, evaluate) => {
      const later = jest.fn(() => Decision.allow());
      const policy = makePolicy('async_policy', evaluate);
      const result = evaluatePolicies([policy, makePolicy('later', later)], makeContext(), SYNC);

      expect(isThenable(result)).toBe(false);
      expect(result).toBeInstanceOf(Evaluation);
      const cause = expectFailure(result as Evaluation, policy, 'ASYNC_POLICY_ON_SYNC_CAPABILITY');
      expect(cause.message).toBe(
        'Policy `async_policy` returned a promise, but `refund_customer` is synchronous: ' +
          'make the policy synchronous, or the capability async',
      );
      expect(cause.cause).toBeUndefined();
      expect(later).not.toHaveBeenCalled();
    });

    it('in sync mode, a later rejection of the denied promise is not an unhandled rejection', async () => {
      const watcher = watchUnhandledRejections();
      try {
        const policy = makePolicy('rejects_later', async () => {
          await sleep(10);
          throw new Error('rejected after the deny');
        });
        const evaluation = evaluateSync([policy], makeContext());
        expectFailure(evaluation, policy, 'ASYNC_POLICY_ON_SYNC_CAPABILITY');
        await sleep(40);

        expect(watcher.reasons).toStrictEqual([]);
      } finally {
        watcher.stop();
      }
    });

    it('the unhandled-rejection watcher sees a rejection that nobody handles (control)', async () => {
      const watcher = watchUnhandledRejections(true);
      const orphan = new Error('orphan');
      try {
        void Promise.reject(orphan);
        await sleep(20);

        expect(watcher.reasons).toStrictEqual([orphan]);
      } finally {
        watcher.stop();
      }
    });
  });

  it('evaluates actions built without a capability params list', () => {
    const ctx = makeContext({ capability: makeCapability({ params: undefined }), input: { query: 'select 1' } });
    const evaluation = evaluateSync(
      [
        makePolicy('read_only', (c) =>
          c.arg<string>('query', '').startsWith('select') ? Decision.allow() : Decision.deny('no'),
        ),
      ],
      ctx,
    );

    expect(evaluation.allowed).toBe(true);
  });
});
