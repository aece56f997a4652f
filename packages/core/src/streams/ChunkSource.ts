import { ConfigurationError, describeValue } from '@brane/errors';
import { isThenable } from '@brane/policy-engine';

/** One chunk of a source, or its end. */
export type ChunkStep = { readonly done: false; readonly value: unknown } | { readonly done: true };

/**
 * What a streaming capability's body returned, read one chunk at a time: an async or sync iterator (the
 * generator of an `async function*` or `function*`), or the reader of a web `ReadableStream`. The caller
 * calls {@link next} and {@link close} inside the action's frame, so that the body's code runs there.
 */
export class ChunkSource {
  readonly #next: () => unknown;
  readonly #close: () => unknown;
  /** A sync iterator's values are awaited, as `for await` does. */
  readonly #awaitValues: boolean;

  private constructor(next: () => unknown, close: () => unknown, awaitValues: boolean) {
    this.#next = next;
    this.#close = close;
    this.#awaitValues = awaitValues;
  }

  /**
   * Reads what a streaming capability returned. Throws a `ConfigurationError` when it is not a stream (a
   * string is not one: its characters are not its chunks).
   */
  static open(value: unknown, capability: string): ChunkSource {
    if (typeof value === 'object' && value !== null) {
      if (typeof ReadableStream === 'function' && value instanceof ReadableStream) {
        const reader = (value as ReadableStream<unknown>).getReader();
        return new ChunkSource(
          () => reader.read(),
          () => reader.cancel(),
          false,
        );
      }
      const asyncIterate = (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator];
      if (typeof asyncIterate === 'function') return ChunkSource.#of(asyncIterate.call(value), false);
      const iterate = (value as Partial<Iterable<unknown>>)[Symbol.iterator];
      if (typeof iterate === 'function') return ChunkSource.#of(iterate.call(value), true);
    }
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      `Capability \`${capability}\` is declared \`stream: true\`, but returned ${describeValue(value)}: ` +
        'expected an AsyncIterable, an Iterable or a ReadableStream (or a promise of one)',
      { details: { capability } },
    );
  }

  static #of(iterator: unknown, awaitValues: boolean): ChunkSource {
    const it = iterator as Partial<Iterator<unknown>> | null;
    if (typeof it !== 'object' || it === null || typeof it.next !== 'function') {
      throw new ConfigurationError(
        'INVALID_OPTIONS',
        `A stream's iterator is ${describeValue(iterator)}, not an iterator`,
      );
    }
    const next = it.next.bind(it);
    return new ChunkSource(
      () => next(),
      () => it.return?.call(it),
      awaitValues,
    );
  }

  /** Asks for the next chunk; a hostile iterator's result is checked, never trusted. */
  async next(): Promise<ChunkStep> {
    const result: unknown = await this.#next();
    if (typeof result !== 'object' || result === null) {
      throw new ConfigurationError(
        'INVALID_OPTIONS',
        `A stream's iterator returned ${describeValue(result)}, not an iterator result`,
      );
    }
    const { done, value } = result as { readonly done?: unknown; readonly value?: unknown };
    if (done === true) return { done: true };
    return { done: false, value: this.#awaitValues && isThenable(value) ? await value : value };
  }

  /** Stops the body: `return()` of its iterator (its `finally` blocks run), or `cancel()` of its stream. */
  close(): unknown {
    return this.#close();
  }
}
