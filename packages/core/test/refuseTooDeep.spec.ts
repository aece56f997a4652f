import { BraneError } from '@brane/errors';
import { MAX_ARGUMENT_DEPTH, refuseTooDeep } from '../src/index.js';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('refuseTooDeep', () => {
  it('passes a value nested exactly MAX_ARGUMENT_DEPTH deep, the value itself counting one level', () => {
    expect(() => {
      refuseTooDeep(nested(MAX_ARGUMENT_DEPTH), 'tool.x', 'output');
    }).not.toThrow();
    expect(() => {
      refuseTooDeep('text', 'tool.x', 'output');
    }).not.toThrow();
  });

  it('refuses one level deeper with a typed INVALID_ARGUMENT naming the capability and the value', () => {
    let thrown: unknown;
    try {
      refuseTooDeep(nested(MAX_ARGUMENT_DEPTH + 1), 'tool.x', 'output');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BraneError);
    expect((thrown as BraneError).code).toBe('INVALID_ARGUMENT');
    expect((thrown as BraneError).message).toContain('`tool.x` output is nested more than 1000 deep');
    expect((thrown as BraneError).details).toEqual({ capability: 'tool.x', field: 'output', maxDepth: 1000 });
  });
});
