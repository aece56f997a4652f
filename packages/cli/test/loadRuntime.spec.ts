import { isRuntimeLike } from '../src/loadRuntime';

// The module contract (named `runtime`, `createRuntime()`, default export) is tested through the command, in
// commands/policiesCommand.spec.ts, and the real dynamic import() in run.spec.ts.
describe('isRuntimeLike', () => {
  const validate = () => ({ ok: true, problems: [] });

  it.each([
    [{ policies: [], capabilities: [], validate }, true],
    [{ policies: [], capabilities: [] }, false],
    [{ policies: {}, capabilities: [], validate }, false],
    [{ policies: [], validate }, false],
    [null, false],
    [() => undefined, false],
  ])('%p: %p', (value, expected) => {
    expect(isRuntimeLike(value)).toBe(expected);
  });
});
