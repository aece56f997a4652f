import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** One line of a log file; `complete` is `false` for a last line that does not end with a newline. @internal */
export interface AuditLogLine {
  readonly text: string;
  readonly complete: boolean;
}

const CHUNK_SIZE = 64 * 1024;

/**
 * The lines of a log file, read in chunks.
 *
 * @internal
 */
export async function* auditLogLines(file: string): AsyncGenerator<AuditLogLine> {
  const state = { rest: '' };
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK_SIZE })) {
    yield* splitLines(state, chunk as string);
  }
  if (state.rest !== '') yield { text: state.rest, complete: false };
}

/**
 * {@link auditLogLines}, synchronously.
 *
 * @internal
 */
export function* auditLogLinesSync(file: string): Generator<AuditLogLine> {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_SIZE);
    const decoder = new StringDecoder('utf8');
    const state = { rest: '' };
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      yield* splitLines(state, decoder.write(buffer.subarray(0, read)));
    }
    state.rest += decoder.end();
    if (state.rest !== '') yield { text: state.rest, complete: false };
  } finally {
    closeSync(fd);
  }
}

function* splitLines(state: { rest: string }, chunk: string): Generator<AuditLogLine> {
  const lines = (state.rest + chunk).split('\n');
  state.rest = lines.pop() ?? '';
  for (const text of lines) yield { text, complete: true };
}
