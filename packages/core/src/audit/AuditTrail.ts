import {
  AuditDispatcher,
  DEFAULT_SECRET_PATTERNS,
  findSensitiveValues,
  maskSecrets,
  type AuditEvent,
  type AuditSink,
} from '@brane/audit';
import type { EvaluationOptions, PolicyContext, PolicyObservation } from '@brane/policy-engine';
import { ConfigurationError } from '@brane/errors';
import type { AgentAction } from '../AgentAction.js';
import { defaultStores, missingDefault } from '../defaultStores.js';
import { MAX_POLICY_OUTCOMES, type RecordParts } from './ActionRecordView.js';
import type { AuditOptions } from './AuditOptions.js';
import { ActionRecorder } from './ActionRecorder.js';

/**
 * A runtime's audit trail: hands records to the dispatcher, which delivers them to the sinks, and masks them
 * (once per record, when a sink first reads it). One {@link ActionRecorder} per governed call builds its record.
 */
export class AuditTrail {
  readonly #dispatcher: AuditDispatcher;
  readonly #durability: 'async' | 'sync';
  readonly #sensitiveKeys: readonly string[];
  readonly #patterns: readonly RegExp[];
  /** The record of each action being recorded, for the one observer every evaluation shares. */
  readonly #recording = new WeakMap<object, RecordParts>();
  readonly #observingModes = new Map<EvaluationOptions, EvaluationOptions>();
  readonly #observe = (observation: PolicyObservation, ctx: PolicyContext): void => {
    const parts = this.#recording.get(ctx.action);
    if (parts === undefined) return;
    if (
      ctx.stage === 'after' &&
      observation.decision.type === 'allow' &&
      observation.cause === undefined &&
      parts.observations.length >= 2 * MAX_POLICY_OUTCOMES
    ) {
      parts.omittedPolicies = (parts.omittedPolicies ?? 0) + 1;
      return;
    }
    parts.observations.push(ctx.stage, observation);
  };

  constructor(options: AuditOptions) {
    this.#dispatcher = new AuditDispatcher({
      sinks: options.sinks === undefined ? [defaultSink()] : [...options.sinks],
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

  /** Records each policy evaluated for `action` into `parts`, until {@link unobserve}. */
  observe(action: AgentAction, parts: RecordParts): void {
    this.#recording.set(action, parts);
  }

  /** Stops recording the policies of `action`. */
  unobserve(action: AgentAction): void {
    this.#recording.delete(action);
  }

  /** `mode` with the trail's observer: one options object per mode, shared by every call. */
  observing(mode: EvaluationOptions): EvaluationOptions {
    let observing = this.#observingModes.get(mode);
    if (observing === undefined) {
      observing = { ...mode, observe: this.#observe };
      this.#observingModes.set(mode, observing);
    }
    return observing;
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
   * Hands an event to the sinks; may return a promise (buffer full, `block`) or throw (`fail-closed`, or a call
   * that cannot wait). Events of what already happened (`afterTheFact`) are never refused: they wait for room.
   */
  dispatch(event: AuditEvent, canWait: boolean, afterTheFact = false): void | Promise<void> {
    return this.#dispatcher.emit([event], { canWait: canWait || afterTheFact, afterTheFact });
  }

  /** Writes an event before returning, through every sink that can (`durability: 'sync'`); throws if one fails. */
  dispatchSync(event: AuditEvent): void {
    this.#dispatcher.emitSync([event]);
  }

  /** Resolves once an event is durable in every sink that can make it so, sharing syncs (group commit). */
  dispatchDurable(event: AuditEvent): Promise<void> {
    return this.#dispatcher.emitDurable([event]);
  }

  /** What the sinks capture of the caller's context when an action starts (the active trace span). */
  captureContexts(): ReadonlyMap<AuditSink, unknown> | undefined {
    return this.#dispatcher.captureContexts();
  }

  /** Records an event that belongs to no governed call (approval decisions). */
  record(event: AuditEvent): void {
    const pending = this.dispatch(this.mask(event), true, true);
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

/** The sink of `audit: {}`: the registered default (a `JsonlFileSink`), refused when it is not in the bundle. */
function defaultSink(): AuditSink {
  const defaults = defaultStores();
  if (defaults === undefined) {
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      missingDefault('new Runtime', 'the default audit sink of `audit: {}`', '`audit: { sinks: [...] }`'),
    );
  }
  return defaults.createDefaultAuditSink();
}
