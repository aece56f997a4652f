import { AuditDispatcher, DEFAULT_SECRET_PATTERNS, maskSecrets, type AuditEvent, type AuditSink } from '@brane/audit';
import { MaskedJson, sensitiveKeySet, sensitiveValuesIn } from '@brane/audit/internal';
import { AuditError, ConfigurationError } from '@brane/errors';
import type { EvaluationOptions, PolicyContext, PolicyObservation } from '@brane/policy-engine';
import type { AgentAction } from '../AgentAction.js';
import type { CapabilityDefinition } from '../CapabilityDefinition.js';
import { defaultStores, missingDefault } from '../defaultStores.js';
import { MAX_POLICY_OUTCOMES, type RecordParts } from './ActionRecordView.js';
import type { AuditOptions } from './AuditOptions.js';
import { ActionRecorder } from './ActionRecorder.js';

/** The dispatcher's default buffer per sink. */
const DEFAULT_BUFFER_SIZE = 10_000;
const NO_NAMES: readonly string[] = Object.freeze([]);

/**
 * A runtime's audit trail: hands records to the dispatcher, which delivers them to the sinks, and masks them
 * (once per record, when a sink first reads it). One {@link ActionRecorder} per governed call builds its record.
 */
export class AuditTrail {
  readonly #dispatcher: AuditDispatcher;
  readonly #durability: 'async' | 'sync';
  /** Under `overflow: 'fail-closed'`, the buffer size at which a new action is refused. */
  readonly #failClosedAt: number | undefined;
  /** Whether some sink can write before a synchronous call returns (`writeSync`). */
  readonly #writesSync: boolean;
  readonly #sensitiveKeys: readonly string[];
  readonly #patterns: readonly RegExp[];
  /** The masker of each frozen list of sensitive names, for records without secret values. */
  readonly #maskers = new WeakMap<readonly string[], MaskedJson>();
  /** The normalized sensitive names of each frozen list of a capability's, with the runtime's. */
  readonly #keySets = new WeakMap<readonly string[], ReadonlySet<string>>();
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
    const sinks = options.sinks === undefined ? [defaultSink()] : [...options.sinks];
    this.#writesSync = sinks.some((sink) => typeof sink.writeSync === 'function');
    this.#dispatcher = new AuditDispatcher({
      sinks,
      ...(options.bufferSize === undefined ? {} : { bufferSize: options.bufferSize }),
      ...(options.overflow === undefined ? {} : { overflow: options.overflow }),
    });
    this.#durability = options.durability ?? 'async';
    this.#failClosedAt = options.overflow === 'fail-closed' ? (options.bufferSize ?? DEFAULT_BUFFER_SIZE) : undefined;
    this.#sensitiveKeys = Object.freeze([...(options.sensitiveKeys ?? [])]);
    // A copy the caller cannot change later: masked strings are cached per pattern list (see `MaskedJson`).
    this.#patterns =
      options.secretPatterns === undefined ? DEFAULT_SECRET_PATTERNS : Object.freeze([...options.secretPatterns]);
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

  /**
   * Refuses a synchronous capability under `durability: 'sync'` when no sink can write synchronously (every sink is
   * a remote one, such as PostgreSQL): its decision record could not be written before it runs.
   */
  check(definition: CapabilityDefinition, where: string): void {
    if (definition.async || this.#writesSync || (definition.durability ?? this.#durability) !== 'sync') return;
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      `${where}: synchronous capability \`${definition.name}\` has \`durability: 'sync'\`, but no audit sink can write synchronously (\`writeSync\`), so its decision record could not be written before it runs; make it async, or add a sink that can (JsonlFileSink)`,
    );
  }

  /**
   * Under `overflow: 'fail-closed'`: throws `AuditError` `AUDIT_BUFFER_FULL` when a sink's buffer is full (a sink
   * that stopped answering), so that no new action runs until its records have room.
   */
  refuseWhenFull(): void {
    if (this.#failClosedAt === undefined) return;
    for (const [name, stats] of Object.entries(this.#dispatcher.stats())) {
      if (stats.queued + stats.waiting < this.#failClosedAt) continue;
      throw new AuditError(
        'AUDIT_BUFFER_FULL',
        name,
        `The audit queue of sink \`${name}\` is full (${stats.queued + stats.waiting} of ${this.#failClosedAt} events${stats.lastError === undefined ? '' : `; last failure: ${stats.lastError}`}); the action is not recorded and must not run`,
        { details: { queued: stats.queued, bufferSize: this.#failClosedAt, overflow: 'fail-closed' } },
      );
    }
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

  /** Writes plain data as masked JSON in one pass, as {@link mask} masks it with the same arguments. */
  jsonMasker(sensitive: readonly string[] = NO_NAMES, values: readonly string[] = NO_NAMES): MaskedJson {
    // Without secret values, a masker depends only on the names: one per capability's (frozen) list is kept.
    const reusable = values.length === 0 && Object.isFrozen(sensitive);
    let masker = reusable ? this.#maskers.get(sensitive) : undefined;
    if (masker === undefined) {
      const keys = this.#sensitiveKeys.length === 0 ? sensitive : [...this.#sensitiveKeys, ...sensitive];
      masker = new MaskedJson(keys, this.#patterns, values);
      if (reusable) this.#maskers.set(sensitive, masker);
    }
    return masker;
  }

  /** The secrets `value` holds under the runtime's and the capability's sensitive names (and the built-in ones). */
  secretsIn(value: unknown, sensitive: readonly string[] = NO_NAMES): readonly string[] {
    const kept = Object.isFrozen(sensitive) ? this.#keySets.get(sensitive) : undefined;
    const keys = kept ?? sensitiveKeySet([...this.#sensitiveKeys, ...sensitive]);
    if (kept === undefined && Object.isFrozen(sensitive)) this.#keySets.set(sensitive, keys);
    return sensitiveValuesIn(value, keys);
  }

  /**
   * Hands an event to the sinks; may return a promise (buffer full, `block`) or throw (`fail-closed`, or a call
   * that cannot wait). Events of what already happened (`afterTheFact`) are never refused: they wait for room.
   * From a call that cannot wait (`canWait: false`), a full queue whose sink can write synchronously is written
   * at once in one batch, so a synchronous burst holds at most one queue of records.
   */
  dispatch(event: AuditEvent, canWait: boolean, afterTheFact = false): void | Promise<void> {
    return this.#dispatcher.emit([event], { canWait, afterTheFact });
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
