import type { AuditEvent, AuditEventType } from './AuditEvent.js';
import type { AuditSink } from './AuditSink.js';

/** What a {@link MemoryAuditSink} is built from. */
export interface MemoryAuditSinkOptions {
  /** The sink's name in stats and errors; give each sink of a dispatcher its own. Default `memory`. */
  readonly name?: string;
}

/**
 * An {@link AuditSink} that keeps every event in memory, in order: for tests and for tools that inspect the
 * trail of a short run. It never forgets on its own; call `clear()` between runs.
 *
 * @example
 * const sink = new MemoryAuditSink();
 * // ... run the agent ...
 * expect(sink.ofType('action.completed').map((event) => event.outcome)).toEqual(['denied']);
 */
export class MemoryAuditSink implements AuditSink {
  readonly name: string;
  readonly #events: AuditEvent[] = [];

  constructor(options: MemoryAuditSinkOptions = {}) {
    this.name = options.name ?? 'memory';
  }

  /** Every event received so far, oldest first (a copy). */
  get events(): readonly AuditEvent[] {
    return [...this.#events];
  }

  /** Keeps the events. */
  write(events: readonly AuditEvent[]): void {
    for (const event of events) this.#events.push(event);
  }

  /** Keeps the events; the same as `write`, which is synchronous anyway. */
  writeSync(events: readonly AuditEvent[]): void {
    this.write(events);
  }

  /** Forgets every event. */
  clear(): void {
    this.#events.length = 0;
  }

  /** The events of one type, oldest first. */
  ofType<T extends AuditEventType>(type: T): (AuditEvent & { readonly type: T })[] {
    return this.#events.filter((event): event is AuditEvent & { readonly type: T } => event.type === type);
  }

  /** The events of one action, oldest first. */
  forAction(actionId: string): AuditEvent[] {
    return this.#events.filter((event) => event.actionId === actionId);
  }
}
