import { ConfigurationError } from '@brane/sdk';
import { ToolRules } from '../src/ToolRules.js';

describe('ToolRules', () => {
  const rules = new ToolRules(
    {
      'create_*': { risk: 'high' },
      create_comment: { risk: 'low' },
      '*_draft': false,
      'a.b+(c)*': { risk: 'none' },
      '*': { risk: 'medium', effect: { type: 'read' } },
    },
    'test',
  );

  it.each([
    ['create_comment', { options: { risk: 'low' }, pattern: 'create_comment' }],
    ['create_issue', { options: { risk: 'high' }, pattern: 'create_*' }],
    ['create_draft', { options: { risk: 'high' }, pattern: 'create_*' }],
    ['save_draft', false],
    ['a.b+(c)x', { options: { risk: 'none' }, pattern: 'a.b+(c)*' }],
    ['aXb+(c)', { options: { risk: 'medium', effect: { type: 'read' } }, pattern: '*' }],
  ])(
    'matches %s: an exact name first, then the first pattern in order (`*` any characters, the rest literal)',
    (name, rule) => {
      expect(rules.match(name)).toEqual(rule);
    },
  );

  it('gives a tool nothing matches the defaults, with no pattern', () => {
    expect(new ToolRules(undefined, 'test').match('anything')).toEqual({ options: {}, pattern: undefined });
    expect(new ToolRules({ 'x*': {} }, 'test').match('y')).toEqual({ options: {}, pattern: undefined });
  });

  it('lists the names it has exact rules for', () => {
    expect(rules.exactNames).toEqual(['create_comment']);
  });

  it.each([
    [[], 'where: `tools` must be a plain object (got an array of 0)'],
    [{ '': {} }, 'where: tool pattern `""` must be non-empty, without spaces'],
    [{ x: null }, 'where: tools["x"]: expected capability options or `false` (got `null`)'],
    [{ x: true }, 'where: tools["x"]: expected capability options or `false` (got `true`)'],
    [{ x: { async: true, params: ['a'] } }, 'where: tools["x"]: `params`, `async` cannot be set for an MCP tool'],
    [{ x: { scopes: ['not a scope'] } }, 'where: tools["x"]: `scopes.0` must be a scope'],
  ])('refuses %p', (value, message) => {
    expect(() => new ToolRules(value, 'where')).toThrow(message);
  });

  it('reports invalid options as a ConfigurationError', () => {
    expect(() => new ToolRules({ x: { risk: 'extreme' } }, 'where')).toThrow(ConfigurationError);
  });
});
