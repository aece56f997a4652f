import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, verifyWebhook } from '@brane/console';

/** A notice the local receiver got: its type, its approval, and whether its signature verified. */
export interface Received {
  readonly type: string;
  readonly approvalId: string;
  readonly verified: boolean;
}

/** A local HTTP receiver of the console's webhooks that checks each signature, as a user's service would. */
export async function webhookReceiver(
  secret: string,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = request.headers[SIGNATURE_HEADER];
      const { event } = JSON.parse(body) as { event: { type: string; approvalId: string } };
      received.push({
        type: event.type,
        approvalId: event.approvalId,
        verified: verifyWebhook(secret, body, typeof header === 'string' ? header : undefined),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}
