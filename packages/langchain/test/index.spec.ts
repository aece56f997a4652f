import * as langchain from '@brane/langchain';

describe('@brane/langchain entry point', () => {
  it('exports exactly the public runtime values', () => {
    expect(Object.keys(langchain).sort()).toStrictEqual([
      'DEFAULT_CAPABILITY_PREFIX',
      'GovernedTool',
      'GovernedToolNode',
      'defaultThreadSessionId',
      'governTool',
      'governToolNode',
      'governTools',
      'pendingApprovals',
    ]);
  });
});
