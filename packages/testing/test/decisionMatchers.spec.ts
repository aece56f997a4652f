import { DECISION_TYPES, Decision, type DecisionType } from '@brane/decisions';
import { decisionMatchers, type MatcherResult } from '@brane/testing';

// This suite registers the exported matchers itself, so that it tests `decisionMatchers` and not the jest entry.
expect.extend(decisionMatchers);

const allow = Decision.allow();
const deny = Decision.deny('Refund of $349 exceeds the $100 limit');
const attributed = Decision.deny('Refunds can only be issued in prod', {
  policyName: 'refund_require_prod',
  policyVersion: '1.0',
});

/** Calls a matcher as jest would, without `.not`. */
const positive = { isNot: false };
/** Jest's context may leave `isNot` out; that means no `.not`. */
const unset = {};
/** Calls a matcher as jest would, with `.not`. */
const negated = { isNot: true };

function expectResult(result: MatcherResult, pass: boolean, message: string): void {
  expect(result.pass).toBe(pass);
  expect(result.message()).toBe(message);
}

describe('decisionMatchers', () => {
  describe('toAllow', () => {
    it('passes for an allow', () => {
      expectResult(
        decisionMatchers.toAllow.call(positive, allow),
        true,
        'expected a Decision of type `allow`; received `allow`',
      );
      expect(allow).toAllow();
    });

    it('reads a context without `isNot` as a positive assertion', () => {
      expectResult(
        decisionMatchers.toAllow.call(unset, deny),
        false,
        'expected a Decision of type `allow`; received `deny` (reason: "Refund of $349 exceeds the $100 limit")',
      );
    });

    it('fails for a deny, showing its reason', () => {
      expectResult(
        decisionMatchers.toAllow.call(positive, deny),
        false,
        'expected a Decision of type `allow`; received `deny` (reason: "Refund of $349 exceeds the $100 limit")',
      );
      expect(() => {
        expect(deny).toAllow();
      }).toThrow(
        'expected a Decision of type `allow`; received `deny` (reason: "Refund of $349 exceeds the $100 limit")',
      );
    });

    it('names the policy that made the decision', () => {
      expect(decisionMatchers.toAllow.call(positive, attributed).message()).toBe(
        'expected a Decision of type `allow`; received `deny` (reason: "Refunds can only be issued in prod") from policy `refund_require_prod`',
      );
    });

    it('with .not, passes for a deny and fails for an allow', () => {
      expect(deny).not.toAllow();
      expectResult(
        decisionMatchers.toAllow.call(negated, allow),
        true,
        'expected not a Decision of type `allow`; received `allow`',
      );
      expect(() => {
        expect(allow).not.toAllow();
      }).toThrow('expected not a Decision of type `allow`; received `allow`');
    });

    it('fails for any type other than allow', () => {
      const approval = Decision.requireApproval({ approverGroup: 'managers', reason: 'Needs a manager' });
      expect(approval).not.toAllow();
      expect(() => {
        expect(approval).toAllow();
      }).toThrow(/received `approval_required` \(reason: "Needs a manager"\)/);
    });
  });

  describe('toDeny', () => {
    it('passes for a deny and fails for an allow', () => {
      expect(decisionMatchers.toDeny.call(positive, deny).pass).toBe(true);
      expect(deny).toDeny();
      expectResult(
        decisionMatchers.toDeny.call(positive, allow),
        false,
        'expected a Decision of type `deny`; received `allow`',
      );
      expect(() => {
        expect(allow).toDeny();
      }).toThrow('expected a Decision of type `deny`; received `allow`');
    });

    it('checks that the reason contains a string', () => {
      expect(deny).toDeny('exceeds the $100 limit');
      expect(deny).toDeny('Refund of $349');
      expectResult(
        decisionMatchers.toDeny.call(positive, deny, 'exceeds the $250 limit'),
        false,
        'expected a deny with a reason containing "exceeds the $250 limit"; the reason was "Refund of $349 exceeds the $100 limit"',
      );
      expect(() => {
        expect(deny).toDeny('exceeds the $250 limit');
      }).toThrow(/expected a deny with a reason containing "exceeds the \$250 limit"; the reason was "Refund of/);
    });

    it('treats a string as a substring, not as a pattern', () => {
      expect(deny).not.toDeny('$3.9');
      expect(Decision.deny('costs $3.9 (approx.)')).toDeny('$3.9 (approx.)');
    });

    it('checks that the reason matches a RegExp', () => {
      expect(deny).toDeny(/exceeds the \$\d+ limit/);
      expect(deny).toDeny(/^refund/i);
      expectResult(
        decisionMatchers.toDeny.call(positive, deny, /scope/),
        false,
        'expected a deny with a reason matching /scope/; the reason was "Refund of $349 exceeds the $100 limit"',
      );
      expect(() => {
        expect(deny).toDeny(/scope/);
      }).toThrow(
        'expected a deny with a reason matching /scope/; the reason was "Refund of $349 exceeds the $100 limit"',
      );
    });

    it('reports the type, not the reason, when the decision is not a deny', () => {
      expectResult(
        decisionMatchers.toDeny.call(positive, allow, /limit/),
        false,
        'expected a Decision of type `deny`; received `allow`',
      );
    });

    it('with .not, passes for an allow, and for a deny whose reason does not match', () => {
      expect(allow).not.toDeny();
      expect(allow).not.toDeny(/limit/);
      expect(deny).not.toDeny('scope');
      expect(deny).not.toDeny(/scope/);
    });

    it('with .not, fails for a deny, or a deny whose reason matches', () => {
      expect(() => {
        expect(deny).not.toDeny();
      }).toThrow(
        'expected not a Decision of type `deny`; received `deny` (reason: "Refund of $349 exceeds the $100 limit")',
      );
      expectResult(
        decisionMatchers.toDeny.call(negated, deny, /limit/),
        true,
        'expected not a deny with a reason matching /limit/; the reason was "Refund of $349 exceeds the $100 limit"',
      );
      expect(() => {
        expect(deny).not.toDeny('limit');
      }).toThrow(
        'expected not a deny with a reason containing "limit"; the reason was "Refund of $349 exceeds the $100 limit"',
      );
    });

    it('matches a deny without a reason only when no reason is asked for', () => {
      const bare = new Decision({ type: 'deny' });
      expect(bare).toDeny();
      expect(() => {
        expect(bare).toDeny(/limit/);
      }).toThrow('expected a deny with a reason matching /limit/; the reason was ""');
    });
  });

  describe('toHaveDecisionType', () => {
    const samples: Record<DecisionType, Decision> = {
      allow: Decision.allow(),
      deny: Decision.deny('because'),
      approval_required: Decision.requireApproval({ approverGroup: 'ops', reason: 'because' }),
      redact: Decision.redact(['email']),
      transform_input: Decision.transformInput({ patch: { amount: 1 } }),
      transform_output: Decision.transformOutput({ replace: null }),
      route: Decision.route({ capability: 'other' }),
      sandbox: Decision.sandbox({ timeoutMs: 100 }),
      log_only: Decision.logOnly('because'),
    };

    it.each(DECISION_TYPES)('passes for a decision of type %s', (type) => {
      const decision = samples[type];
      expect(decision).toHaveDecisionType(type);
      for (const other of DECISION_TYPES.filter((t) => t !== type)) expect(decision).not.toHaveDecisionType(other);
    });

    it('fails for another type, naming both', () => {
      expectResult(
        decisionMatchers.toHaveDecisionType.call(positive, deny, 'approval_required'),
        false,
        'expected a Decision of type `approval_required`; received `deny` (reason: "Refund of $349 exceeds the $100 limit")',
      );
      expect(() => {
        expect(allow).toHaveDecisionType('sandbox');
      }).toThrow('expected a Decision of type `sandbox`; received `allow`');
    });

    it('with .not, fails for that type', () => {
      expect(() => {
        expect(allow).not.toHaveDecisionType('allow');
      }).toThrow('expected not a Decision of type `allow`; received `allow`');
    });
  });

  describe('values that are not decisions', () => {
    const notDecisions: [string, unknown, string][] = [
      ['undefined', undefined, '`undefined`'],
      ['null', null, '`null`'],
      ['the string "allow"', 'allow', '`"allow"`'],
      ['true', true, '`true`'],
      ['a plain object that looks like a decision', { type: 'allow', allowed: true }, 'a plain object'],
      ['a promise of a decision', Promise.resolve(Decision.allow()), 'an instance of `Promise`'],
    ];
    const matchers: [string, (this: { isNot: boolean }, received: unknown) => MatcherResult, DecisionType][] = [
      ['toAllow', decisionMatchers.toAllow, 'allow'],
      ['toDeny', decisionMatchers.toDeny, 'deny'],
      [
        'toHaveDecisionType',
        (received) => decisionMatchers.toHaveDecisionType.call(positive, received, 'redact'),
        'redact',
      ],
    ];

    describe.each(matchers)('%s', (_name, matcher, type) => {
      it.each(notDecisions)(
        'throws for %s, saying it is not a Decision, with or without .not',
        (_label, received, described) => {
          const message = `expected a Decision of type \`${type}\`, but received ${described}, not a Decision`;
          expect(() => matcher.call(positive, received)).toThrow(message);
          expect(() => matcher.call({ isNot: true }, received)).toThrow(message);
        },
      );
    });

    it('fail through expect with a message that says so', () => {
      expect(() => {
        expect({ type: 'allow' }).toAllow();
      }).toThrow('expected a Decision of type `allow`, but received a plain object, not a Decision');
      expect(() => {
        expect(undefined).toDeny(/limit/);
      }).toThrow('expected a Decision of type `deny`, but received `undefined`, not a Decision');
      expect(() => {
        expect(Promise.resolve(deny)).toDeny();
      }).toThrow(/received an instance of `Promise`, not a Decision/);
    });
  });

  // Regression tests for problems found while writing this suite.
  describe('problems once found', () => {
    it('.not fails for a value that is not a Decision (a forgotten `await` must not pass)', () => {
      const asyncPolicy = async (): Promise<Decision> => Decision.allow();
      expect(() => {
        expect(asyncPolicy()).not.toAllow();
      }).toThrow(/not a Decision/);
    });

    it('gives the same verdict each time it is given one global RegExp', () => {
      const limit = /limit/g;
      expect(deny).toDeny(limit);
      expect(deny).toDeny(limit);
    });

    it('tells a Decision from another copy of @brane/decisions apart from a non-decision', () => {
      let foreign: unknown;
      jest.isolateModules(() => {
        const copy = jest.requireActual<typeof import('@brane/decisions')>('@brane/decisions');
        foreign = copy.Decision.allow();
      });
      expect(() => decisionMatchers.toAllow.call(positive, foreign)).toThrow(
        /received a Decision from another copy of @brane\/decisions/,
      );
    });
  });
});
