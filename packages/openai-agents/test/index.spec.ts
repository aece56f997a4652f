import * as openaiAgents from '@brane/openai-agents';

describe('@brane/openai-agents entry point', () => {
  it('exports exactly the public runtime values', () => {
    expect(Object.keys(openaiAgents).sort()).toStrictEqual([
      'applyBraneApprovals',
      'approveInterruption',
      'defaultRunSessionId',
      'governTools',
      'governedTool',
      'isGovernedTool',
      'pendingApprovals',
      'refusalMessage',
      'rejectInterruption',
    ]);
  });
});
