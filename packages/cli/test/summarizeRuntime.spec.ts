import { summarizeRuntime } from '../src/summarizeRuntime';

describe('summarizeRuntime', () => {
  it("fills what a runtime-shaped object leaves out with the runtime's defaults", () => {
    const runtime = {
      policies: [{ name: 'p', stage: 'before', targets: ['t'] }],
      capabilities: [{ name: 't' }],
      validate: () => ({ ok: true, problems: [] }),
    };

    expect(summarizeRuntime(runtime as never)).toStrictEqual({
      capabilities: [{ name: 't', type: 'tool', risk: 'medium' }],
      policies: [
        { name: 'p', version: null, stage: 'before', targets: ['t'], priority: 0, mode: 'enforce', enabled: true },
      ],
    });
  });
});
