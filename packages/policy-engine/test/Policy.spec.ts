import { Decision } from '@brane/decisions';
import { ConfigurationError } from '@brane/errors';
import { definePolicy, type PolicyFunction } from '@brane/policy-engine';
import { thrownBy } from './fixtures';

const allow: PolicyFunction = () => Decision.allow();
const WHERE = '@BeforeCapability on `RefundPolicies.amountLimit`';

function define(overrides: Record<string, unknown> = {}) {
  return definePolicy({
    stage: 'before',
    target: 'refund_customer',
    evaluate: allow,
    declaredAt: WHERE,
    defaultName: 'amountLimit',
    ...overrides,
  });
}

describe('definePolicy', () => {
  it('fills in the defaults', () => {
    const policy = define();

    expect(policy).toStrictEqual({
      name: 'amountLimit',
      version: undefined,
      description: undefined,
      priority: 0,
      enabled: true,
      source: undefined,
      timeoutMs: undefined,
      mode: 'enforce',
      stage: 'before',
      targets: ['refund_customer'],
      evaluate: allow,
      declaredAt: WHERE,
    });
  });

  it('keeps every option', () => {
    const policy = define({
      stage: 'after',
      options: {
        name: 'refund_amount_limit',
        version: '1.0',
        description: 'Blocks refunds above the tenant limit',
        priority: -5.5,
        enabled: false,
        source: 'policies/refunds.ts',
        timeoutMs: 250,
      },
    });

    expect(policy).toMatchObject({
      name: 'refund_amount_limit',
      version: '1.0',
      description: 'Blocks refunds above the tenant limit',
      priority: -5.5,
      enabled: false,
      source: 'policies/refunds.ts',
      timeoutMs: 250,
      stage: 'after',
    });
  });

  it('prefers the name option over the default name', () => {
    expect(define({ options: { name: 'explicit' } }).name).toBe('explicit');
  });

  it('refuses null options (only a missing argument means no options)', () => {
    expect(() => define({ options: null })).toThrow(/expected object, received null/);
  });

  it.each<[string, string | readonly string[], readonly string[]]>([
    ['a single target', 'refund_customer', ['refund_customer']],
    ['the wildcard', '*', ['*']],
    ['a namespaced name', 'tool.refund', ['tool.refund']],
    ['a list', ['refund_customer', 'void_refund'], ['refund_customer', 'void_refund']],
    ['a list with duplicates, deduplicated in order', ['b', 'a', 'b', '*', 'a'], ['b', 'a', '*']],
  ])('normalises %s to a list', (_label, target, targets) => {
    expect(define({ target }).targets).toStrictEqual(targets);
  });

  it('returns a frozen policy with frozen targets, not sharing the caller array', () => {
    const target = ['a', 'b'];
    const policy = define({ target });
    target.push('c');

    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.targets)).toBe(true);
    expect(policy.targets).toStrictEqual(['a', 'b']);
  });

  it('keeps the policy function itself, so it stays directly callable', () => {
    const evaluate: PolicyFunction = () => Decision.deny('no');

    expect(define({ evaluate }).evaluate).toBe(evaluate);
  });

  describe('invalid definitions', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['a NaN priority', { options: { priority: NaN } }, '`priority` expected number, received NaN'],
      ['an infinite priority', { options: { priority: Infinity } }, '`priority` expected number, received Infinity'],
      [
        'a negative infinite priority',
        { options: { priority: -Infinity } },
        '`priority` expected number, received -Infinity',
      ],
      ['a string priority', { options: { priority: '5' } }, '`priority` expected number, received string'],
      ['an unknown option', { options: { priorty: 5 } }, 'unknown option `priorty`'],
      ['two unknown options', { options: { when: 1, target: 'x' } }, 'unknown options `when`, `target`'],
      ['an empty name', { options: { name: '' } }, '`name` must be a non-empty name without surrounding spaces'],
      ['a name with a leading space', { options: { name: ' limit' } }, '`name` must be a non-empty name'],
      ['a name with a line break', { options: { name: 'a\nb' } }, '`name` must be a non-empty name'],
      ['a non-string name', { options: { name: 7 } }, '`name` expected string, received number'],
      ['an empty version', { options: { version: '' } }, '`version` must be a non-empty name'],
      ['a non-boolean enabled', { options: { enabled: 'yes' } }, '`enabled` expected boolean, received string'],
      ['a non-string description', { options: { description: 1 } }, '`description` expected string, received number'],
      ['a non-string source', { options: { source: {} } }, '`source` expected string, received object'],
      ['options that are not an object', { options: 'fast' }, 'expected object, received string'],
      ['a zero timeout', { options: { timeoutMs: 0 } }, '`timeoutMs` Too small: expected number to be >0'],
      ['a negative timeout', { options: { timeoutMs: -10 } }, '`timeoutMs` Too small: expected number to be >0'],
      ['a fractional timeout', { options: { timeoutMs: 1.5 } }, '`timeoutMs` expected int, received number'],
      [
        'a timeout beyond setTimeout range',
        { options: { timeoutMs: 2 ** 31 } },
        '`timeoutMs` Too big: expected number to be <=2147483647',
      ],
      [
        'a pattern target',
        { target: 'refund_*' },
        '`targets.0` must be a capability name or `*` (patterns such as `refund_*` are not supported)',
      ],
      ['a target with spaces', { target: 'refund customer' }, '`targets.0` must be a capability name or `*`'],
      ['an empty target', { target: '' }, '`targets.0` must be a capability name or `*`'],
      ['a bad target in a list', { target: ['ok', 'not ok'] }, '`targets.1` must be a capability name or `*`'],
      ['an empty target list', { target: [] }, '`targets` must name at least one capability'],
      ['a non-string target', { target: 5 }, '`targets` expected array, received number'],
      ['an evaluate that is not a function', { evaluate: 'allow' }, '`evaluate` must be a function'],
      ['an unknown stage', { stage: 'during' }, '`stage` expected one of "before"|"after"'],
      [
        'no name at all (an anonymous function)',
        { defaultName: undefined },
        "`name` is required, because the policy function is anonymous; pass `{ name: '...' }`",
      ],
      ['an empty default name', { defaultName: '' }, '`name` is required, because the policy function is anonymous'],
      ['a default name with spaces', { defaultName: 'my policy ' }, '`name` must be a non-empty name'],
    ])('rejects %s with INVALID_OPTIONS naming where it was declared', (_label, overrides, problem) => {
      const error = thrownBy(() => define(overrides));

      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.code).toBe('INVALID_OPTIONS');
      expect(error.message.startsWith(`${WHERE}: `)).toBe(true);
      expect(error.message).toContain(problem);
    });

    it('reports every problem of the options at once', () => {
      const error = thrownBy(() => define({ options: { priority: NaN, foo: 1 } }));

      expect(error.message).toBe(`${WHERE}: \`priority\` expected number, received NaN; unknown option \`foo\``);
      expect(error.details).toStrictEqual({
        where: WHERE,
        problems: ['`priority` expected number, received NaN', 'unknown option `foo`'],
      });
    });
  });
});
