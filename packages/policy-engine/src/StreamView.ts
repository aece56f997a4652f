/**
 * How many delivered chunks a {@link StreamView} keeps: the most recent ones. A stream may be endless and
 * each chunk large, so an after-policy sees a window, never the whole stream; `delivered` still counts them all.
 */
export const STREAM_WINDOW = 64;

/**
 * What an after-policy of a streaming capability sees of the stream so far (`ctx.stream`), while it
 * decides on the chunk in `ctx.output`.
 *
 * @example
 * if (ctx.stream !== undefined && ctx.stream.delivered >= 1000) return Decision.deny('Too many chunks');
 */
export interface StreamView {
  /** The position of the chunk under evaluation, from 0: the number of chunks delivered before it. */
  readonly chunkIndex: number;
  /** The chunks delivered so far, as the consumer received them, oldest first: at most {@link STREAM_WINDOW}. */
  readonly chunks: readonly unknown[];
  /** How many chunks were delivered so far, counting those no longer in `chunks`. */
  readonly delivered: number;
}
