/** A stream that fails on its first read: how a streaming call reports what went wrong when it was made. */
// eslint-disable-next-line require-yield -- it has nothing to deliver, only the error
export async function* failedStream(error: unknown): AsyncGenerator<never, void, undefined> {
  await Promise.resolve();
  throw error;
}
