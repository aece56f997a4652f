import {
  AuditDispatcher,
  DEFAULT_SECRET_PATTERNS,
  JsonlFileSink,
  findSensitiveValues,
  maskSecrets,
  type AuditEvent,
  type AuditEventBase,
} from '@brane/audit';
import type { AgentAction } from '../AgentAction.js';
import type { AuditOptions } from './AuditOptions.js';
import { ActionRecorder } from './ActionRecorder.js';

/**
 * A runtime's audit trail: masks every event, then hands it to the dispatcher, which delivers it to the
 * sinks. One {@link ActionRecorder} per governed call collects that action's events.
 */
export class AuditTrail {
  readonly #dispatcher: AuditDispatcher;
  readonly #durability: 'async' | 'sync';
  readonly #sensitiveKeys: readonly string[];
  readonly #patterns: readonly RegExp[];

  constructor(options: AuditOptions) {
    this.#dispatcher = new AuditDispatcher({
      sinks: options.sinks === undefined ? [new JsonlFileSink()] : [...options.sinks],
      ...(options.bufferSize === undefined ? {} : { bufferSize: options.bufferSize }),
      ...(options.overflow === undefined ? {} : { overflow: options.overflow }),
    });
    this.#durability = options.durability ?? 'async';
    this.#sensitiveKeys = options.sensitiveKeys ?? [];
    this.#patterns = options.secretPatterns ?? DEFAULT_SECRET_PATTERNS;
  }

  /** A recorder for one governed call. */
  recorder(): ActionRecorder {
    return new ActionRecorder(this);
  }

  /** Whether `action`'s decision record must be written before its capability runs. */
  isSync(action: AgentAction): boolean {
    return (action.capability.durability ?? this.#durability) === 'sync';
  }

  /**
   * `value` with secrets masked: the runtime's and the capability's sensitive names, secret shapes, and the
   * secret `values` known by name elsewhere (see {@link secretsIn}) wherever a string repeats them.
   */
  mask<T>(value: T, sensitive: readonly string[] = [], values: readonly string[] = []): T {
    return maskSecrets(value, {
      sensitiveKeys: [...this.#sensitiveKeys, ...sensitive],
      patterns: this.#patterns,
      values,
    }) as T;
  }

  /** The secrets `value` holds under the runtime's and the capability's sensitive names (and the built-in ones). */
  secretsIn(value: unknown, sensitive: readonly string[] = []): string[] {
    return findSensitiveValues(value, { sensitiveKeys: [...this.#sensitiveKeys, ...sensitive] });
  }

  /**
   * Hands events to the sinks; may return a promise (buffer full, `block`) or throw (`fail-closed`, or a call
   * that cannot wait). Events of what already happened (`afterTheFact`) are never refused: they wait for room.
   */
  dispatch(events: readonly AuditEvent[], canWait: boolean, afterTheFact = false): void | Promise<void> {
    if (events.length === 0) return undefined;
    return this.#dispatcher.emit(events, { canWait: canWait || afterTheFact, afterTheFact });
  }

  /** Writes events before returning, through every sink that can (`durability: 'sync'`); throws if one fails. */
  dispatchSync(events: readonly AuditEvent[]): void {
    if (events.length > 0) this.#dispatcher.emitSync(events);
  }

  /** Records an event that belongs to no governed call (approval decisions). */
  record(event: AuditEvent): void {
    const pending = this.dispatch([this.mask(event)], true, true);
    if (pending instanceof Promise) pending.catch(() => undefined);
  }

  /** Delivers everything buffered. */
  flush(): Promise<void> {
    return this.#dispatcher.flush();
  }

  /** Flushes and closes every sink. */
  close(): Promise<void> {
    return this.#dispatcher.close();
  }

  /** Per sink: queued, dropped, failures, last error. */
  stats(): ReturnType<AuditDispatcher['stats']> {
    return this.#dispatcher.stats();
  }
}

/** The fields every event of `action` carries. */
export function eventBase(action: AgentAction): AuditEventBase {
  return {
    time: new Date().toISOString(),
    actionId: action.actionId,
    traceId: action.traceId,
    capability: action.capability.name,
    environment: action.environment,
    ...(action.agentId === undefined ? {} : { agentId: action.agentId }),
    ...(action.tenantId === undefined ? {} : { tenantId: action.tenantId }),
    ...(action.principalId === undefined ? {} : { principalId: action.principalId }),
  };
}
