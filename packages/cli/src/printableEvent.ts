import type { AuditEvent } from '@brane/audit';

/** What `--json` prints instead of an event that JSON cannot write. */
export interface MalformedEvent {
  /** Why the event is not printed. */
  readonly malformed: string;
  readonly type?: string;
  readonly time?: string;
  readonly actionId?: string;
  readonly capability?: string;
}

const NESTED_TOO_DEEPLY = 'The event is nested too deeply to print as JSON';

/**
 * The JSON of `event` (indented by `indent` spaces, as `JSON.stringify` indents), or, for an event nested too deeply
 * for `JSON.stringify` (a log line anyone can write: `JSON.parse` reads any depth, writing it back overflows the
 * stack), the JSON of a {@link MalformedEvent} in its place: a `--json` document always parses, with one entry per
 * event read.
 *
 * @example
 * io.stdout(eventJson(event, 2));
 */
export function eventJson(event: AuditEvent, indent?: number): string {
  try {
    return JSON.stringify(event, null, indent);
  } catch {
    return JSON.stringify(malformedEvent(event), null, indent);
  }
}

/**
 * `event`, or a {@link MalformedEvent} in its place when JSON cannot write it (see {@link eventJson}), for a document
 * printed whole.
 */
export function printableEvent(event: AuditEvent): AuditEvent | MalformedEvent {
  try {
    JSON.stringify(event);
    return event;
  } catch {
    return malformedEvent(event);
  }
}

/** Why `event` is not printed, and those of its fields that say which event it is, when they are strings. */
function malformedEvent(event: AuditEvent): MalformedEvent {
  const fields: Record<string, string> = {};
  for (const key of ['type', 'time', 'actionId', 'capability'] as const) {
    const value: unknown = (event as unknown as Partial<Record<string, unknown>>)[key];
    if (typeof value === 'string') fields[key] = value;
  }
  return { malformed: NESTED_TOO_DEEPLY, ...fields };
}
