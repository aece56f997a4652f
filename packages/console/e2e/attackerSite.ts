import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A page on another origin whose form posts a decision to the console, as a cross-site forgery would. */
export async function attackerSite(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(
      `<form method="post" action="${target}"><input name="outcome" value="approved"><input name="_csrf" value="guessed"><button>Win a prize</button></form>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}
