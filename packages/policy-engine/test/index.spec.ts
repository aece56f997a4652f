import * as engine from '@brane/policy-engine';
import { CAPABILITY_TYPES, EFFECT_TYPES, ENVIRONMENTS, RISK_LEVELS } from '@brane/policy-engine';

describe('@brane/policy-engine entry point', () => {
  it('exports exactly the public runtime values', () => {
    expect(Object.keys(engine).sort()).toStrictEqual([
      'ArraySchema',
      'CAPABILITY_TYPES',
      'EFFECT_TYPES',
      'EMPTY_SESSION',
      'ENVIRONMENTS',
      'Evaluation',
      'NO_LIMITS',
      'NumberSchema',
      'OptionSchema',
      'PolicyContext',
      'PolicyRegistry',
      'RISK_LEVELS',
      'STREAM_WINDOW',
      'StringSchema',
      'applyOutputTransform',
      'applyRedactions',
      'cannotHonour',
      'definePolicy',
      'evaluatePolicies',
      'grantsScope',
      'isThenable',
      'isValidScope',
      'option',
      'parseOptions',
      'requiredScopesPolicy',
      'transformArgs',
    ]);
  });

  it.each<[string, readonly string[], readonly string[]]>([
    ['ENVIRONMENTS', ENVIRONMENTS, ['dev', 'test', 'staging', 'prod']],
    ['RISK_LEVELS (lowest first)', RISK_LEVELS, ['none', 'low', 'medium', 'high', 'critical']],
    ['CAPABILITY_TYPES', CAPABILITY_TYPES, ['tool', 'model', 'memory', 'database', 'mcp', 'secret', 'agent']],
    ['EFFECT_TYPES', EFFECT_TYPES, ['none', 'read', 'write', 'delete', 'financial', 'communication', 'execution']],
  ])('defines %s', (_label, actual, expected) => {
    expect(actual).toStrictEqual(expected);
  });
});
