import { Capability } from '@brane/sdk';

/** The tools of an agent: email, a paid API, and a browser. Each records what it did. */
export class AgentTools {
  readonly sent: string[] = [];
  readonly spent: number[] = [];
  openSessions = 0;

  @Capability({ name: 'send_email', risk: 'medium' })
  async sendEmail(to: string): Promise<string> {
    await Promise.resolve(); // an SMTP call, in a real agent
    this.sent.push(to);
    return `sent to ${to}`;
  }

  @Capability({ name: 'call_paid_api', risk: 'medium' })
  async callPaidApi(costUsd: number): Promise<number> {
    await Promise.resolve(); // the paid API's HTTP call, in a real agent
    this.spent.push(costUsd);
    return costUsd;
  }

  @Capability({ name: 'browse', risk: 'medium' })
  async browse(url: string, holdMs: number): Promise<string> {
    this.openSessions++;
    try {
      await new Promise((resolve) => setTimeout(resolve, holdMs));
      return `read ${url}`;
    } finally {
      this.openSessions--;
    }
  }
}
