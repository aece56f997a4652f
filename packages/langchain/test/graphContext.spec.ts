import { graphContext } from '../src/graphContext.js';

describe('graphContext', () => {
  it.each([
    [undefined, { inGraph: false, checkpointer: false }],
    [{}, { inGraph: false, checkpointer: false }],
    [{ configurable: { __pregel_call: (): undefined => undefined } }, { inGraph: true, checkpointer: false }],
    [
      { configurable: { __pregel_call: (): undefined => undefined, __pregel_checkpointer: {} } },
      { inGraph: true, checkpointer: true },
    ],
  ])('reads %p', (config, expected) => {
    expect(graphContext(config)).toStrictEqual(expected);
  });
});
