import * as mcp from '@brane/mcp';

describe('@brane/mcp entry point', () => {
  it('exports exactly the public runtime values', () => {
    expect(Object.keys(mcp).sort()).toStrictEqual(['governMcpClient', 'governMcpServer']);
  });
});
