import { BraneError } from '@brane/errors';
import {
  DECISION_TYPES,
  Decision,
  composeDecisions,
  composeNext,
  effectsOf,
  isFinalDecision,
  type DecisionType,
} from '@brane/decisions';

function thrown(fn: () => unknown): BraneError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BraneError) return error;
    throw new Error(`expected a BraneError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a BraneError, nothing was thrown');
}

/** Yields `decisions` one at a time and counts how many were consumed. */
function tracked(decisions: readonly Decision[]): { iterable: Iterable<Decision>; consumed: () => number } {
  let consumed = 0;
  function* generate(): Generator<Decision> {
    for (const decision of decisions) {
      consumed++;
      yield decision;
    }
  }
  return { iterable: generate(), consumed: () => consumed };
}

/** `decision` as the runtime hands it to composition: stamped with the policy that returned it. */
function by(name: string, decision: Decision): Decision {
  return decision.withAttribution({ policyName: name, policyVersion: '1', actionId: undefined });
}

/** A decision of `type`, returned by the policy `name`, with the reason `<type> by <name>`. */
function sample(type: DecisionType, name: string): Decision {
  const reason = `${type} by ${name}`;
  const decision = ((): Decision => {
    switch (type) {
      case 'allow':
        return Decision.allow({ reason });
      case 'deny':
        return Decision.deny(reason);
      case 'approval_required':
        return Decision.requireApproval({ approverGroup: `${name}-approvers`, reason });
      case 'redact':
        return Decision.redact([`${name}.secret`], { reason });
      case 'transform_input':
        return Decision.transformInput({ patch: { by: name } }, { reason });
      case 'transform_output':
        return Decision.transformOutput({ patch: { by: name } }, { reason });
      case 'route':
        return Decision.route({ capability: 'cheap_model' }, { reason });
      case 'sandbox':
        return Decision.sandbox({ timeoutMs: 1000 }, { reason });
      case 'log_only':
        return Decision.logOnly(reason);
    }
  })();
  return by(name, decision);
}

const approval = (name: string, request: Parameters<typeof Decision.requireApproval>[0]): Decision =>
  by(name, Decision.requireApproval(request));
const sandbox = (name: string, constraints: Parameters<typeof Decision.sandbox>[0]): Decision =>
  by(name, Decision.sandbox(constraints, { reason: `sandbox by ${name}` }));
const route = (name: string, target: Parameters<typeof Decision.route>[0]): Decision =>
  by(name, Decision.route(target, { reason: `route by ${name}` }));

describe('composeDecisions', () => {
  it.each<[string, Decision]>([
    ['allow', Decision.allow()],
    ['deny', Decision.deny('default deny')],
  ])('returns the given default (%s) when no decision is given', (_label, whenNoneMatch) => {
    expect(composeDecisions([], whenNoneMatch)).toBe(whenNoneMatch);
    expect(composeDecisions(tracked([]).iterable, whenNoneMatch)).toBe(whenNoneMatch);
  });

  it('ignores the default as soon as one decision is given', () => {
    const allow = Decision.allow();

    expect(composeDecisions([allow], Decision.deny('default deny'))).toBe(allow);
  });

  it('returns the last allow when all allow', () => {
    const last = Decision.allow({ policyName: 'last' });

    expect(composeDecisions([Decision.allow(), Decision.allow(), last], Decision.deny('default'))).toBe(last);
  });

  it('returns a single decision of any other type as it is', () => {
    const route = sample('route', 'r');

    expect(composeDecisions([Decision.allow(), route, Decision.allow()], Decision.allow())).toBe(route);
  });

  it('returns the first deny, whatever comes after it', () => {
    const deny = Decision.deny('first deny', { policyName: 'limit' });
    const result = composeDecisions(
      [sample('approval_required', 'a'), deny, Decision.deny('second deny'), Decision.allow()],
      Decision.allow(),
    );

    expect(result).toBe(deny);
  });

  it('stops at the first deny: later decisions are never consumed', () => {
    const deny = Decision.deny('stop here');
    const source = tracked([sample('log_only', 'a'), deny, Decision.allow(), Decision.deny('never seen')]);

    expect(composeDecisions(source.iterable, Decision.allow())).toBe(deny);
    expect(source.consumed()).toBe(2);
  });

  it('consumes every decision when none denies, whatever their types', () => {
    const source = tracked([sample('approval_required', 'a'), sample('route', 'b'), Decision.allow()]);

    expect(composeDecisions(source.iterable, Decision.deny('default')).type).toBe('approval_required');
    expect(source.consumed()).toBe(3);
  });

  it('stops at a route conflict, since it composes to a deny', () => {
    const source = tracked([route('a', { capability: 'x' }), route('b', { capability: 'y' }), Decision.allow()]);

    expect(composeDecisions(source.iterable, Decision.allow()).denied).toBe(true);
    expect(source.consumed()).toBe(2);
  });

  it('never mutates its inputs', () => {
    const inputs = [
      approval('a', { approverGroup: 'ops', reason: 'x', context: { n: 1 } }),
      sandbox('b', { timeoutMs: 10, network: { allowHosts: ['a.com'] } }),
      approval('c', { approverGroup: 'risk', reason: 'y', expiresInMs: 5 }),
      sandbox('d', { timeoutMs: 5, network: { allowHosts: ['b.com'] } }),
      route('e', { capability: 'x' }),
    ];
    const before = inputs.map((decision) => JSON.stringify(decision));
    const result = composeDecisions(inputs, Decision.allow());

    expect(inputs.map((decision) => JSON.stringify(decision))).toStrictEqual(before);
    expect(result.effects).toStrictEqual(inputs);
    expect(result.effects?.every((effect, i) => effect === inputs[i])).toBe(true);
    expect(Object.isFrozen(result.effects)).toBe(true);
    expect(result.sandbox).toStrictEqual({ timeoutMs: 5, network: { allowHosts: [] } });
  });

  it('rejects a plain object posing as an allow with INVALID_ARGUMENT', () => {
    const impostor = { type: 'allow' } as unknown as Decision;
    const error = thrown(() => composeDecisions([impostor], Decision.deny('default')));

    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toBe('composeNext: expected a Decision (got a plain object)');
  });
});

describe('composeNext', () => {
  it.each<[string, Decision | undefined]>([
    ['nothing composed yet', undefined],
    ['an earlier allow', Decision.allow()],
  ])('returns the next decision itself after %s', (_label, current) => {
    for (const type of DECISION_TYPES) {
      const next = sample(type, 'n');
      expect(composeNext(current, next)).toBe(next);
    }
  });

  it('returns the current decision itself when an allow follows', () => {
    const current = composeNext(sample('route', 'a'), sample('sandbox', 'b'));

    expect(composeNext(current, Decision.allow())).toBe(current);
  });

  it('returns a deny that comes next as it is, even after a composed decision', () => {
    const composed = composeNext(sample('approval_required', 'a'), sample('sandbox', 'b'));
    const deny = Decision.deny('no');

    expect(composeNext(composed, deny)).toBe(deny);
  });

  it('keeps a current deny over any other type', () => {
    const deny = Decision.deny('no');

    expect(composeNext(deny, sample('approval_required', 'a'))).toBe(deny);
    expect(composeNext(deny, sample('log_only', 'b'))).toBe(deny);
  });

  it('builds a new decision from the strongest, leaving both inputs untouched', () => {
    const current = by(
      'ask',
      Decision.requireApproval({ approverGroup: 'ops', reason: 'check' }, { metadata: { k: 1 } }),
    );
    const next = sample('sandbox', 'box');
    const result = composeNext(current, next);

    expect(result).not.toBe(current);
    expect(result).toMatchObject({ type: 'approval_required', reason: 'check', policyName: 'ask', policyVersion: '1' });
    expect(result.metadata).toStrictEqual({ k: 1 });
    expect(result.effects).toStrictEqual([current, next]);
    expect(current.effects).toBeUndefined();
    expect(next.effects).toBeUndefined();
    expect(current.sandbox).toBeUndefined();
  });

  it('takes the policy of the next decision for a route conflict, and works without policy names', () => {
    const result = composeNext(Decision.route({ capability: 'a' }), Decision.route({ capability: 'b' }));

    expect(result.type).toBe('deny');
    expect(result.reason).toBe(
      'Conflicting routes: capability `a` (a policy) and capability `b` (a policy) cannot both be honoured',
    );
    expect(result.policyName).toBeUndefined();
    expect(result.metadata).toStrictEqual({ conflict: 'route' });
  });

  it('describes a provider-only route by its provider', () => {
    const result = composeNext(Decision.route({ provider: 'anthropic' }), Decision.route({ model: 'small' }));

    expect(result.reason).toBe('Conflicting routes: anthropic (a policy) and small (a policy) cannot both be honoured');
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['a plain object', { type: 'deny', reason: 'x' }],
    ['the JSON form of a decision', Decision.allow().toJSON()],
    ['a string', 'allow'],
  ])('rejects %s as the next decision with INVALID_ARGUMENT', (_label, next) => {
    const error = thrown(() => composeNext(undefined, next as Decision));

    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toMatch(/^composeNext: expected a Decision \(got /);
  });
});

describe('effectsOf', () => {
  it('is empty for an allow', () => {
    expect(effectsOf(Decision.allow())).toStrictEqual([]);
  });

  it.each(DECISION_TYPES.filter((type) => type !== 'allow'))('is the decision itself for a single %s', (type) => {
    const decision = sample(type, 'p');

    expect(effectsOf(decision)).toStrictEqual([decision]);
    expect(effectsOf(decision)[0]).toBe(decision);
  });

  it('is the list of a composed decision, in order', () => {
    const parts = [sample('log_only', 'a'), sample('sandbox', 'b'), sample('route', 'c')];
    const composed = composeDecisions(parts, Decision.allow());

    expect(effectsOf(composed)).toBe(composed.effects);
    expect(effectsOf(composed)).toStrictEqual(parts);
  });
});

describe('isFinalDecision', () => {
  it.each(DECISION_TYPES.map((type) => [type, type === 'deny'] as const))('%s is final: %p', (type, final) => {
    expect(isFinalDecision(sample(type, 'p'))).toBe(final);
  });
});
