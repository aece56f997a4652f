import type { Readable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

/**
 * Closes a stdio transport when its input ends, that is when its client has gone. The SDK's
 * `StdioServerTransport` does not notice (it listens for data and errors only), so the requests in flight keep
 * live signals, and a call waiting for an approval would wait for nobody until the request expired. Closing
 * the transport aborts every in-flight request's signal (the SDK does that on close): a waiting call then
 * withdraws its request. Other transports report their own close. Called once the server is connected.
 *
 * @internal
 */
export function closeWhenInputEnds(transport: Transport): void {
  if (!(transport instanceof StdioServerTransport)) return;
  // The stream the transport reads: the one given to its constructor (kept as `_stdin`), else process.stdin.
  const given = (transport as unknown as { readonly _stdin?: unknown })._stdin;
  const input = isReadable(given) ? given : process.stdin;
  const close = (): void => {
    forget();
    transport.close().catch(() => undefined);
  };
  const forget = (): void => {
    input.off('end', close);
    input.off('close', close);
  };
  input.once('end', close);
  input.once('close', close);
  const onclose = transport.onclose;
  transport.onclose = () => {
    forget();
    onclose?.();
  };
}

function isReadable(value: unknown): value is Readable {
  return typeof value === 'object' && value !== null && typeof (value as Readable).once === 'function';
}
