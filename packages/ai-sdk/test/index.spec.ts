import * as aiSdk from '@brane/ai-sdk';

describe('@brane/ai-sdk entry point', () => {
  it('exports exactly the public runtime values', () => {
    expect(Object.keys(aiSdk).sort()).toStrictEqual([
      'braneApprovalOf',
      'defaultDenialMessage',
      'defaultToolSessionId',
      'governTools',
      'isBraneToolDenial',
    ]);
  });
});
