// Starts the support service on a free port, sends it requests as clients would, prints what each got, and
// stops it. Run with `pnpm demo` (or `node scripts/run-examples.mjs nestjs-support-agent` after `pnpm build`).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Runtime } from '@brane/sdk';
import { AppModule } from './AppModule.js';
import { PaymentGateway } from './PaymentGateway.js';

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- Nest types its options as a class
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  async function send(label: string, path: string, token?: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body ?? {}),
    });
    const json = (await response.json()) as Record<string, unknown>;
    console.log(`${label.padEnd(42)} ${response.status} ${summary(json)}`);
    return { ...json, httpStatus: response.status };
  }

  /** The part of a response worth printing. */
  function summary(json: Record<string, unknown>): string {
    if (typeof json['code'] !== 'string') return JSON.stringify(json['result'] ?? json);
    const extra = typeof json['resume'] === 'string' ? ` (resume: POST ${json['resume']})` : '';
    return `${json['code']}: ${String(json['message'])}${extra}`;
  }

  const refund = (label: string, token: string | undefined, amountUsd: number) =>
    send(label, '/refunds', token, { customerId: 'cust_123', amountUsd });

  await refund('alice refunds $75 (limit $100)', 'token-alice', 75);
  await refund('bob refunds $20 without refunds:create', 'token-bob', 20);
  await refund('an anonymous client refunds $20', undefined, 20);
  const asked = await refund('alice refunds $349 (over the limit)', 'token-alice', 349);

  const runtime = app.get(Runtime);
  const approvalId = String(asked['approvalId']);
  await runtime.approvals.approve(approvalId, { approver: 'maria@finance', comment: 'Known customer' });
  console.log(`maria@finance approves ${approvalId}`);
  const resume = String(asked['resume']);
  await send("bob tries to resume alice's refund", resume, 'token-bob');
  const resumed = await send('alice resumes it', resume, 'token-alice');
  await send('alice resumes it again', resume, 'token-alice');

  const issued = app.get(PaymentGateway).issued.map((r) => r.amountUsd);
  console.log(`refunds issued by the gateway: ${JSON.stringify(issued)}`);
  await app.close();

  if (asked['httpStatus'] !== 202 || resumed['httpStatus'] !== 200 || JSON.stringify(issued) !== '[75,349]') {
    console.error('unexpected results: only $75 and, once approved, $349 should have been refunded');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
