import { STREAM_WINDOW, type StreamView } from '@brane/policy-engine';

/** The chunks a stream delivered, as its after-policies see them: the last {@link STREAM_WINDOW}, and a count. */
export class StreamWindow {
  readonly #chunks: unknown[] = [];
  #delivered = 0;

  /** What the after-policies see while they decide on the next chunk. */
  view(): StreamView {
    return Object.freeze({
      chunkIndex: this.#delivered,
      chunks: Object.freeze([...this.#chunks]),
      delivered: this.#delivered,
    });
  }

  /** How many chunks were delivered. */
  get delivered(): number {
    return this.#delivered;
  }

  /** Records a chunk handed to the consumer. */
  add(chunk: unknown): void {
    this.#chunks.push(chunk);
    if (this.#chunks.length > STREAM_WINDOW) this.#chunks.shift();
    this.#delivered++;
  }
}
