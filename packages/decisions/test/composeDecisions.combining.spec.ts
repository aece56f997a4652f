import { DECISION_TYPES, Decision, composeDecisions, effectsOf, type DecisionType } from '@brane/decisions';

// The combining rule of composeNext (src/composeDecisions.ts), as one table; the README points here.

/** `decision` as the runtime hands it to composition: stamped with the policy that returned it. */
function by(name: string, decision: Decision): Decision {
  return decision.withAttribution({ policyName: name, policyVersion: '1', actionId: undefined });
}

/**
 * A decision of `type`, returned by the policy `name`, with the reason `<type> by <name>`. Every route goes to
 * the same capability, so two of them agree (conflicting routes have rows of their own).
 */
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

/** What a row of the combining table checks about a composed decision. */
function summary(decision: Decision) {
  return {
    type: decision.type,
    reason: decision.reason,
    policyName: decision.policyName,
    effects: effectsOf(decision).map((effect) => effect.policyName),
    markedForReview: decision.markedForReview,
    approval: decision.approval,
    route: decision.route,
    sandbox: decision.sandbox,
    metadata: decision.metadata,
  };
}

interface Row {
  readonly label: string;
  readonly decisions: readonly Decision[];
  readonly expected: Partial<ReturnType<typeof summary>>;
}

/**
 * Every ordered pair of types: [first, next, composed type, whose reason and policy the result carries]. The
 * effects are derived: the deny alone for a deny, otherwise both decisions but allows, in order.
 */
const PAIRS: readonly (readonly [DecisionType, DecisionType, DecisionType, 'first' | 'second'])[] = [
  ['allow', 'allow', 'allow', 'second'],
  ['allow', 'deny', 'deny', 'second'],
  ['allow', 'approval_required', 'approval_required', 'second'],
  ['allow', 'redact', 'redact', 'second'],
  ['allow', 'transform_input', 'transform_input', 'second'],
  ['allow', 'transform_output', 'transform_output', 'second'],
  ['allow', 'route', 'route', 'second'],
  ['allow', 'sandbox', 'sandbox', 'second'],
  ['allow', 'log_only', 'log_only', 'second'],
  ['deny', 'allow', 'deny', 'first'],
  ['deny', 'deny', 'deny', 'first'],
  ['deny', 'approval_required', 'deny', 'first'],
  ['deny', 'redact', 'deny', 'first'],
  ['deny', 'transform_input', 'deny', 'first'],
  ['deny', 'transform_output', 'deny', 'first'],
  ['deny', 'route', 'deny', 'first'],
  ['deny', 'sandbox', 'deny', 'first'],
  ['deny', 'log_only', 'deny', 'first'],
  ['approval_required', 'allow', 'approval_required', 'first'],
  ['approval_required', 'deny', 'deny', 'second'],
  ['approval_required', 'approval_required', 'approval_required', 'first'],
  ['approval_required', 'redact', 'approval_required', 'first'],
  ['approval_required', 'transform_input', 'approval_required', 'first'],
  ['approval_required', 'transform_output', 'approval_required', 'first'],
  ['approval_required', 'route', 'approval_required', 'first'],
  ['approval_required', 'sandbox', 'approval_required', 'first'],
  ['approval_required', 'log_only', 'approval_required', 'first'],
  ['redact', 'allow', 'redact', 'first'],
  ['redact', 'deny', 'deny', 'second'],
  ['redact', 'approval_required', 'approval_required', 'second'],
  ['redact', 'redact', 'redact', 'first'],
  ['redact', 'transform_input', 'redact', 'first'],
  ['redact', 'transform_output', 'redact', 'first'],
  ['redact', 'route', 'route', 'second'],
  ['redact', 'sandbox', 'sandbox', 'second'],
  ['redact', 'log_only', 'redact', 'first'],
  ['transform_input', 'allow', 'transform_input', 'first'],
  ['transform_input', 'deny', 'deny', 'second'],
  ['transform_input', 'approval_required', 'approval_required', 'second'],
  ['transform_input', 'redact', 'transform_input', 'first'],
  ['transform_input', 'transform_input', 'transform_input', 'first'],
  ['transform_input', 'transform_output', 'transform_input', 'first'],
  ['transform_input', 'route', 'route', 'second'],
  ['transform_input', 'sandbox', 'sandbox', 'second'],
  ['transform_input', 'log_only', 'transform_input', 'first'],
  ['transform_output', 'allow', 'transform_output', 'first'],
  ['transform_output', 'deny', 'deny', 'second'],
  ['transform_output', 'approval_required', 'approval_required', 'second'],
  ['transform_output', 'redact', 'transform_output', 'first'],
  ['transform_output', 'transform_input', 'transform_output', 'first'],
  ['transform_output', 'transform_output', 'transform_output', 'first'],
  ['transform_output', 'route', 'route', 'second'],
  ['transform_output', 'sandbox', 'sandbox', 'second'],
  ['transform_output', 'log_only', 'transform_output', 'first'],
  ['route', 'allow', 'route', 'first'],
  ['route', 'deny', 'deny', 'second'],
  ['route', 'approval_required', 'approval_required', 'second'],
  ['route', 'redact', 'route', 'first'],
  ['route', 'transform_input', 'route', 'first'],
  ['route', 'transform_output', 'route', 'first'],
  ['route', 'route', 'route', 'first'],
  ['route', 'sandbox', 'route', 'first'],
  ['route', 'log_only', 'route', 'first'],
  ['sandbox', 'allow', 'sandbox', 'first'],
  ['sandbox', 'deny', 'deny', 'second'],
  ['sandbox', 'approval_required', 'approval_required', 'second'],
  ['sandbox', 'redact', 'sandbox', 'first'],
  ['sandbox', 'transform_input', 'sandbox', 'first'],
  ['sandbox', 'transform_output', 'sandbox', 'first'],
  ['sandbox', 'route', 'route', 'second'],
  ['sandbox', 'sandbox', 'sandbox', 'first'],
  ['sandbox', 'log_only', 'sandbox', 'first'],
  ['log_only', 'allow', 'log_only', 'first'],
  ['log_only', 'deny', 'deny', 'second'],
  ['log_only', 'approval_required', 'approval_required', 'second'],
  ['log_only', 'redact', 'redact', 'second'],
  ['log_only', 'transform_input', 'transform_input', 'second'],
  ['log_only', 'transform_output', 'transform_output', 'second'],
  ['log_only', 'route', 'route', 'second'],
  ['log_only', 'sandbox', 'sandbox', 'second'],
  ['log_only', 'log_only', 'log_only', 'first'],
];

const pairRows: Row[] = PAIRS.map(([first, next, type, from]) => {
  const kept = type === 'deny' ? [from] : (['first', 'second'] as const).filter((_, i) => [first, next][i] !== 'allow');
  const reviewed = type !== 'deny' && (first === 'log_only' || next === 'log_only');
  return {
    label: `${first} then ${next} is ${type}`,
    decisions: [sample(first, 'first'), sample(next, 'second')],
    expected: {
      type,
      reason: `${from === 'first' ? first : next} by ${from}`,
      policyName: from,
      effects: [...kept],
      markedForReview: reviewed,
    },
  };
});

const approval = (name: string, request: Parameters<typeof Decision.requireApproval>[0]): Decision =>
  by(name, Decision.requireApproval(request));
const sandbox = (name: string, constraints: Parameters<typeof Decision.sandbox>[0]): Decision =>
  by(name, Decision.sandbox(constraints, { reason: `sandbox by ${name}` }));
const route = (name: string, target: Parameters<typeof Decision.route>[0]): Decision =>
  by(name, Decision.route(target, { reason: `route by ${name}` }));

const ruleRows: Row[] = [
  {
    label: 'approvals merge: any group, shortest expiry, distinct approver if either asks, every asker and context',
    decisions: [
      approval('refund_limit', {
        approverGroup: 'finance-ops',
        reason: 'Refund over $100',
        expiresInMinutes: 60,
        context: { amount: 150 },
      }),
      approval('new_payee', {
        approverGroup: 'risk',
        reason: 'New payee',
        expiresInMs: 600_000,
        distinctApprover: true,
        context: { payee: 'acme' },
      }),
    ],
    expected: {
      type: 'approval_required',
      reason: 'Refund over $100',
      policyName: 'refund_limit',
      effects: ['refund_limit', 'new_payee'],
      approval: {
        approverGroups: ['finance-ops', 'risk'],
        reason: 'Refund over $100; New payee',
        expiresInMs: 600_000,
        context: { refund_limit: { amount: 150 }, new_payee: { payee: 'acme' } },
        distinctApprover: true,
        requestedBy: [
          { name: 'refund_limit', version: '1' },
          { name: 'new_payee', version: '1' },
        ],
      },
    },
  },
  {
    label: 'three approvals to one group merge into one request (group once, shortest expiry, three askers)',
    decisions: [
      approval('a', { approverGroup: 'ops', reason: 'same', expiresInMs: 3000, context: { n: 1 } }),
      approval('b', { approverGroup: 'ops', reason: 'same', expiresInMs: 1000, context: { n: 2 } }),
      approval('c', { approverGroup: 'ops', reason: 'same', expiresInMs: 2000, context: { n: 3 } }),
    ],
    expected: {
      type: 'approval_required',
      policyName: 'a',
      effects: ['a', 'b', 'c'],
      approval: {
        approverGroups: ['ops'],
        reason: 'same',
        expiresInMs: 1000,
        context: { a: { n: 1 }, b: { n: 2 }, c: { n: 3 } },
        distinctApprover: false,
        requestedBy: ['a', 'b', 'c'].map((name) => ({ name, version: '1' })),
      },
    },
  },
  {
    label: 'an approval after a sandbox outranks it and keeps the sandbox',
    decisions: [sandbox('box', { timeoutMs: 500 }), approval('ask', { approverGroup: 'ops', reason: 'check' })],
    expected: { type: 'approval_required', policyName: 'ask', effects: ['box', 'ask'], sandbox: { timeoutMs: 500 } },
  },
  {
    label: 'sandboxes intersect: the strictest timeout, the hosts both allow, the deepest paths',
    decisions: [
      sandbox('wide', {
        timeoutMs: 5000,
        network: { allowHosts: ['*.stripe.com', 'example.com'] },
        filesystem: { allowPaths: ['/srv'] },
      }),
      sandbox('narrow', {
        timeoutMs: 2000,
        network: { allowHosts: ['api.stripe.com'] },
        filesystem: { allowPaths: ['/srv/data', '/tmp'] },
      }),
    ],
    expected: {
      type: 'sandbox',
      reason: 'sandbox by wide',
      policyName: 'wide',
      effects: ['wide', 'narrow'],
      sandbox: {
        timeoutMs: 2000,
        network: { allowHosts: ['api.stripe.com'] },
        filesystem: { allowPaths: ['/srv/data'] },
      },
    },
  },
  {
    label: 'a sandbox after a route: the route, constrained by the sandbox',
    decisions: [route('reroute', { capability: 'refund_v2' }), sandbox('box', { timeoutMs: 100 })],
    expected: { type: 'route', route: { capability: 'refund_v2' }, sandbox: { timeoutMs: 100 } },
  },
  {
    label: 'the same route twice is one route',
    decisions: [
      route('cheap', { provider: 'openai', model: 'gpt-4o-mini' }),
      route('cheaper', { model: 'gpt-4o-mini', provider: 'openai' }),
    ],
    expected: {
      type: 'route',
      policyName: 'cheap',
      effects: ['cheap', 'cheaper'],
      route: { provider: 'openai', model: 'gpt-4o-mini' },
    },
  },
  {
    label: 'two different routes fail closed to a deny naming both',
    decisions: [route('v2', { capability: 'refund_v2' }), route('v3', { capability: 'refund_v3' })],
    expected: {
      type: 'deny',
      reason: 'Conflicting routes: capability `refund_v2` (v2) and capability `refund_v3` (v3) cannot both be honoured',
      policyName: 'v3',
      effects: ['v3'],
      metadata: { conflict: 'route' },
      route: undefined,
    },
  },
  {
    label: 'two different models conflict too, even after other effects',
    decisions: [
      by('audit', Decision.logOnly('watch')),
      route('m1', { provider: 'openai', model: 'a' }),
      sandbox('box', { timeoutMs: 1 }),
      route('m2', { provider: 'openai', model: 'b' }),
    ],
    expected: {
      type: 'deny',
      reason: 'Conflicting routes: openai/a (m1) and openai/b (m2) cannot both be honoured',
      metadata: { conflict: 'route' },
      markedForReview: false,
    },
  },
  {
    label: 'transforms and redactions share a rank: the first one names the result, effects keep priority order',
    decisions: [
      by('out', Decision.transformOutput({ patch: { a: 1 } }, { reason: 'out' })),
      by('mask', Decision.redact(['ssn'], { reason: 'mask' })),
      by('in', Decision.transformInput({ patch: { b: 2 } }, { reason: 'in' })),
    ],
    expected: { type: 'transform_output', reason: 'out', policyName: 'out', effects: ['out', 'mask', 'in'] },
  },
  {
    label: 'transforms and redactions under a sandbox keep priority order in effects',
    decisions: [
      sandbox('box', { timeoutMs: 10 }),
      by('out', Decision.transformOutput({ patch: { a: 1 } })),
      by('mask', Decision.redact(['ssn'])),
      by('in', Decision.transformInput({ patch: { b: 2 } })),
    ],
    expected: { type: 'sandbox', policyName: 'box', effects: ['box', 'out', 'mask', 'in'], markedForReview: false },
  },
  {
    label: 'log_only then route: routed, and still marked for review',
    decisions: [by('audit', Decision.logOnly('watch')), route('r', { capability: 'x' })],
    expected: { type: 'route', policyName: 'r', effects: ['audit', 'r'], markedForReview: true },
  },
  {
    label: 'approval then log_only: approval required, and marked for review',
    decisions: [approval('ask', { approverGroup: 'ops', reason: 'check' }), by('audit', Decision.logOnly('watch'))],
    expected: { type: 'approval_required', reason: 'check', effects: ['ask', 'audit'], markedForReview: true },
  },
  {
    label: 'log_only then redact: redacted, and marked for review',
    decisions: [by('audit', Decision.logOnly('watch')), by('mask', Decision.redact(['ssn']))],
    expected: { type: 'redact', effects: ['audit', 'mask'], markedForReview: true },
  },
  {
    label: 'log_only then a sandbox then an allow: sandboxed and marked for review',
    decisions: [by('audit', Decision.logOnly('watch')), sandbox('box', { timeoutMs: 9 }), Decision.allow()],
    expected: { type: 'sandbox', effects: ['audit', 'box'], markedForReview: true },
  },
  {
    label: 'log_only twice: the first reason, both effects',
    decisions: [by('a', Decision.logOnly('first look')), by('b', Decision.logOnly('second look'))],
    expected: { type: 'log_only', reason: 'first look', effects: ['a', 'b'], markedForReview: true },
  },
  {
    label: 'a deny drops everything composed before it, log_only included',
    decisions: [
      by('audit', Decision.logOnly('watch')),
      approval('ask', { approverGroup: 'ops', reason: 'check' }),
      sandbox('box', { timeoutMs: 5 }),
      by('stop', Decision.deny('no')),
      route('later', { capability: 'x' }),
    ],
    expected: {
      type: 'deny',
      reason: 'no',
      policyName: 'stop',
      effects: ['stop'],
      markedForReview: false,
      approval: undefined,
      sandbox: undefined,
    },
  },
  {
    label: 'allows after a decision change nothing',
    decisions: [Decision.allow(), sandbox('box', { timeoutMs: 7 }), Decision.allow({ reason: 'fine' })],
    expected: { type: 'sandbox', reason: 'sandbox by box', effects: ['box'], sandbox: { timeoutMs: 7 } },
  },
];

describe('the combining rule', () => {
  const rows = [...pairRows, ...ruleRows];
  const check = ({ decisions, expected }: Row): void => {
    const result = composeDecisions(decisions, Decision.deny('no policy matched'));
    expect(summary(result)).toMatchObject(expected);
  };

  it('has a row for every ordered pair of the nine types', () => {
    const pairs = new Set(PAIRS.map(([first, next]) => `${first}>${next}`));
    expect(PAIRS).toHaveLength(DECISION_TYPES.length ** 2);
    expect(pairs.size).toBe(DECISION_TYPES.length ** 2);
  });

  it.each(rows)('$label', check);
});
