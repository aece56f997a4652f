import { InMemoryLimitStore } from '@brane/sdk';
import { runScenario } from '../src/runScenario';

describe('the rate-limits example', () => {
  it('sends 20 emails then denies, spends what fits in $5, runs two browser sessions at once', async () => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const result = await runScenario(new InMemoryLimitStore(), 'tenant_test');
    expect(result).toMatchObject({ emailsSent: 20, spent: 4.5, browserDenials: 1, browsed: 3 });
    expect(result.emailDenial?.limit).toMatchObject({ kind: 'count', max: 20, remaining: 0 });
  });
});
