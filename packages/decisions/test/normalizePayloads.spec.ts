import { BraneError } from '@brane/errors';
import { DEFAULT_MASK, Decision, type RedactionInit, type RouteTarget, type Transform } from '@brane/decisions';
import { normalizeMutations, normalizeRoute } from '../src/normalizePayloads.js';

/** The error `fn` throws, checked to be an INVALID_ARGUMENT. */
function rejection(fn: () => unknown): BraneError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BraneError);
    expect((error as BraneError).code).toBe('INVALID_ARGUMENT');
    return error as BraneError;
  }
  throw new Error('expected an INVALID_ARGUMENT, nothing was thrown');
}

const redact = (fields: unknown): Decision => Decision.redact(fields as RedactionInit[]);
const transformInput = (transform: unknown): Decision => Decision.transformInput(transform as Transform);
const transformOutput = (transform: unknown): Decision => Decision.transformOutput(transform as Transform);
const route = (target: unknown): Decision => Decision.route(target as RouteTarget);

describe('Decision.redact', () => {
  it('builds a redact whose paths are masked with the default mask', () => {
    const decision = Decision.redact(['customers[].email', 'ssn'], { reason: 'PII', policyName: 'pii' });

    expect(decision).toMatchObject({ type: 'redact', reason: 'PII', policyName: 'pii', allowed: false });
    expect(decision.mutations).toStrictEqual({
      redact: [
        { path: 'customers[].email', action: 'mask', mask: DEFAULT_MASK },
        { path: 'ssn', action: 'mask', mask: '[REDACTED]' },
      ],
    });
  });

  it.each<[RedactionInit, object]>([
    [
      { path: 'card.number', action: 'remove' },
      { path: 'card.number', action: 'remove', mask: undefined },
    ],
    [
      { path: 'card.number', action: 'mask' },
      { path: 'card.number', action: 'mask', mask: '[REDACTED]' },
    ],
    [
      { path: 'card.number', mask: '****' },
      { path: 'card.number', action: 'mask', mask: '****' },
    ],
    [
      { path: 'rows[].contact.*', mask: '' },
      { path: 'rows[].contact.*', action: 'mask', mask: '' },
    ],
  ])('normalises %p', (field, expected) => {
    expect(Decision.redact([field]).mutations?.redact).toStrictEqual([expected]);
  });

  it('freezes the list and each entry', () => {
    const decision = Decision.redact(['a', { path: 'b', action: 'remove' }]);

    expect(Object.isFrozen(decision.mutations?.redact)).toBe(true);
    expect(decision.mutations?.redact?.every((entry) => Object.isFrozen(entry))).toBe(true);
  });

  it.each<[string, unknown, string]>([
    [
      'an empty list',
      [],
      'decision.mutations.redact must be a non-empty list of paths or `{ path, action, mask }` (got an array of 0)',
    ],
    [
      'a string',
      'ssn',
      'decision.mutations.redact must be a non-empty list of paths or `{ path, action, mask }` (got `"ssn"`)',
    ],
    ['a number entry', ['a', 7], 'decision.mutations.redact[1] must be a path or `{ path, action, mask }` (got `7`)'],
    ['a path that is not a string', [{ path: 5 }], 'decision.mutations.redact[0].path must be a string (got `5`)'],
    [
      'an unknown action',
      [{ path: 'a', action: 'hash' }],
      'decision.mutations.redact[0].action must be `mask` or `remove` (got `"hash"`)',
    ],
    [
      'a mask with remove',
      [{ path: 'a', action: 'remove', mask: 'x' }],
      'decision.mutations.redact[0].mask must be a string, and only with `action: mask` (got `"x"`)',
    ],
    [
      'a mask that is not a string',
      [{ path: 'a', mask: 0 }],
      'decision.mutations.redact[0].mask must be a string, and only with `action: mask` (got `0`)',
    ],
    [
      'an unknown key',
      [{ path: 'a', replace: 'x' }],
      'decision.mutations.redact[0] has unknown field(s) `replace`; expected path, action, mask',
    ],
  ])('refuses %s', (_label, fields, message) => {
    expect(rejection(() => redact(fields)).message).toBe(message);
  });

  it.each<[string, string]>([
    ['', 'the path is empty'],
    ['a..b', 'empty key'],
    ['__proto__.x', 'prototype pollution'],
    ['a[0]', 'only `[]` is allowed'],
  ])('refuses the invalid path %p with the path error', (path, problem) => {
    const error = rejection(() => Decision.redact([path]));

    expect(error.message).toContain(`invalid redaction path \`${path}\``);
    expect(error.message).toContain(problem);
  });
});

describe('Decision.transformInput and Decision.transformOutput', () => {
  it('builds a transform_input from a patch', () => {
    const decision = Decision.transformInput({ patch: { limit: 10 } }, { reason: 'cap the page size' });

    expect(decision).toMatchObject({ type: 'transform_input', reason: 'cap the page size', allowed: false });
    expect(decision.mutations).toStrictEqual({ input: { patch: { limit: 10 } } });
  });

  it('builds a transform_input that replaces all the arguments', () => {
    expect(Decision.transformInput({ replace: { query: 'SELECT 1' } }).mutations).toStrictEqual({
      input: { replace: { query: 'SELECT 1' } },
    });
  });

  it.each<[string, unknown]>([
    ['an object', { total: 0 }],
    ['a string', 'hidden'],
    ['a number', 0],
    ['null', null],
    ['an array', [1, 2]],
    ['a date', new Date(0)],
  ])('builds a transform_output that replaces the output with %s', (_label, replace) => {
    const decision = Decision.transformOutput({ replace });

    expect(decision.type).toBe('transform_output');
    expect(decision.mutations).toStrictEqual({ output: { replace } });
  });

  it('builds a transform_output from a patch', () => {
    expect(Decision.transformOutput({ patch: { source: 'cache' } }).mutations?.output).toStrictEqual({
      patch: { source: 'cache' },
    });
  });

  it.each<[string, (transform: unknown) => Decision, string]>([
    ['transformInput', transformInput, 'decision.mutations.input'],
    ['transformOutput', transformOutput, 'decision.mutations.output'],
  ])('%s refuses anything but exactly one of patch and replace', (_name, build, label) => {
    const shape = 'must be exactly one of `{ patch: {...} }` or `{ replace: ... }`';
    expect(rejection(() => build({})).message).toBe(`${label} ${shape} (got a plain object)`);
    expect(rejection(() => build({ patch: {}, replace: {} })).message).toBe(`${label} ${shape} (got a plain object)`);
    expect(rejection(() => build({ patch: {}, extra: 1 })).message).toBe(`${label} ${shape} (got a plain object)`);
    expect(rejection(() => build('x')).message).toBe(`${label} ${shape} (got \`"x"\`)`);
    expect(rejection(() => build({ patch: [1] })).message).toBe(
      `${label}.patch must be a plain object (got an array of 1)`,
    );
  });

  it.each<[string, unknown, string]>([
    ['a string', 'SELECT 1', '`"SELECT 1"`'],
    ['an array', ['a'], 'an array of 1'],
    ['null', null, '`null`'],
  ])('transformInput refuses %s as the replacement arguments', (_label, replace, got) => {
    expect(rejection(() => transformInput({ replace })).message).toBe(
      `decision.mutations.input.replace must be a plain object of the arguments by name (got ${got})`,
    );
  });
});

describe('normalizeMutations', () => {
  it('returns a frozen copy with only the parts that are set', () => {
    const mutations = normalizeMutations({ redact: ['a'], input: undefined }, 'm');

    expect(mutations).toStrictEqual({ redact: [{ path: 'a', action: 'mask', mask: DEFAULT_MASK }] });
    expect(Object.isFrozen(mutations)).toBe(true);
  });

  it('refuses unknown parts and non-objects', () => {
    expect(rejection(() => normalizeMutations({ fields: ['a'] }, 'm')).message).toBe(
      'm has unknown field(s) `fields`; expected redact, input, output',
    );
    expect(rejection(() => normalizeMutations(['a'], 'm')).message).toBe(
      'm must be a plain object (got an array of 1)',
    );
  });
});

describe('Decision.route', () => {
  it.each<[string, RouteTarget]>([
    ['another capability', { capability: 'refund_v2' }],
    ['another model', { model: 'gpt-4o-mini' }],
    ['another provider', { provider: 'anthropic' }],
    ['a model of a provider', { provider: 'openai', model: 'gpt-4o-mini' }],
  ])('routes to %s', (_label, target) => {
    const decision = Decision.route(target, { reason: 'cheaper', policyName: 'cost' });

    expect(decision).toMatchObject({ type: 'route', reason: 'cheaper', policyName: 'cost', allowed: false });
    expect(decision.route).toStrictEqual(target);
    expect(Object.isFrozen(decision.route)).toBe(true);
  });

  it('drops fields set to undefined', () => {
    expect(route({ capability: 'x', model: undefined, provider: undefined }).route).toStrictEqual({
      capability: 'x',
    });
    expect(Object.keys(route({ model: 'm', provider: undefined }).route ?? {})).toStrictEqual(['model']);
  });

  it.each<[string, unknown, string]>([
    ['nothing', {}, 'decision.route must name a `capability`, a `model` or a `provider`'],
    [
      'a capability and a model',
      { capability: 'x', model: 'm' },
      'decision.route names either a capability or a model/provider, not both',
    ],
    [
      'a capability and a provider',
      { capability: 'x', provider: 'p' },
      'decision.route names either a capability or a model/provider, not both',
    ],
    ['a blank capability', { capability: ' ' }, 'decision.route.capability must be a non-empty name (got `" "`)'],
    ['a numeric model', { model: 4 }, 'decision.route.model must be a non-empty name (got `4`)'],
    [
      'an unknown key',
      { tool: 'x' },
      'decision.route has unknown field(s) `tool`; expected capability, model, provider',
    ],
    ['a string', 'refund_v2', 'decision.route must be `{ capability }` or `{ model, provider }` (got `"refund_v2"`)'],
    ['null', null, 'decision.route must be `{ capability }` or `{ model, provider }` (got `null`)'],
  ])('refuses %s', (_label, target, message) => {
    expect(rejection(() => route(target)).message).toBe(message);
  });

  it('names the field with the label it is given', () => {
    expect(rejection(() => normalizeRoute({ model: '' }, 'policy.route')).message).toBe(
      'policy.route.model must be a non-empty name (got `""`)',
    );
  });
});
