/** What a streaming capability's body may return: chunks from an iterable or a web stream, or a promise of one. */
export type StreamSource<T = unknown> =
  AsyncIterable<T> | Iterable<T> | ReadableStream<T> | PromiseLike<AsyncIterable<T> | Iterable<T> | ReadableStream<T>>;

/** The chunk type of what a streaming capability's body returns. */
export type ChunkOf<R> =
  Awaited<R> extends AsyncIterable<infer T>
    ? T
    : Awaited<R> extends Iterable<infer T>
      ? T
      : Awaited<R> extends ReadableStream<infer T>
        ? T
        : never;

/**
 * A governed streaming capability (`runtime.capability({ stream: true }, fn)`): called like `fn`, it
 * returns an async generator of `fn`'s chunks, whatever `fn` returns them in.
 */
export type StreamingFunction<F extends (...args: never[]) => unknown> = (
  this: ThisParameterType<F>,
  ...args: Parameters<F>
) => AsyncGenerator<ChunkOf<ReturnType<F>>, void, undefined>;
