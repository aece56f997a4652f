import {
  context,
  diag,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type AttributeValue,
  type Context,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import { CALLER_CONTEXT, type ActionRecord } from './ActionRecord.js';
import type { ApprovalEvent, AuditEvent, AuditEventBase } from './AuditEvent.js';
import type { AuditSink } from './AuditSink.js';

/** What an {@link OtelAuditSink} is built from. */
export interface OtelAuditSinkOptions {
  /** Default `trace.getTracer('@brane/audit')`, from the globally registered provider. */
  readonly tracer?: Tracer;
  /**
   * Records of sub-actions held for their parent's record (which comes when the parent ends) before the oldest are
   * recorded without it. Default 10_000.
   */
  readonly maxOpenSpans?: number;
  /** The sink's name in stats and errors. Default `otel`. */
  readonly name?: string;
}

/**
 * An {@link AuditSink} that turns the audit trail into OpenTelemetry spans: one span per action, named
 * `brane.capability <name>`, from its start to its end (status `ERROR` with the reason for a deny or a failure,
 * `OK` otherwise), built from the action's record. Each policy becomes a span event (`brane.policy`); the
 * enforced decisions are `brane.decision.*` attributes (of the last stage that ran). The span's parent is the
 * span that was active where the capability was called (captured then, through `captureContext`), so a trace
 * shows the agent run, the tool call and Brane's decision together; a sub-action's span is the child of its
 * parent action's span: a record whose parent has not ended yet waits for it (up to `maxOpenSpans`).
 *
 * Approval events (a human deciding later) become spans of their own, `brane.approval.<what> <capability>`.
 *
 * @example
 * new AuditDispatcher({ sinks: [new OtelAuditSink({ tracer: provider.getTracer('agents') })] })
 */
export class OtelAuditSink implements AuditSink {
  readonly name: string;
  readonly #tracer: Tracer;
  readonly #maxOpenSpans: number;
  /** Records of sub-actions whose parent's record has not come yet, by parent action id, oldest first. */
  readonly #waiting = new Map<string, ActionRecord[]>();
  #waitingCount = 0;

  constructor(options: OtelAuditSinkOptions = {}) {
    this.name = options.name ?? 'otel';
    this.#tracer = options.tracer ?? trace.getTracer('@brane/audit');
    const max = options.maxOpenSpans;
    this.#maxOpenSpans = typeof max === 'number' && Number.isInteger(max) && max > 0 ? max : 10_000;
  }

  /** The number of sub-action records waiting for their parent's record. */
  get openSpans(): number {
    return this.#waitingCount;
  }

  /** The caller's context when it has an active span, to parent the action's span; called as the action starts. */
  captureContext(): Context | undefined {
    const active = context.active();
    return trace.getSpan(active) === undefined ? undefined : active;
  }

  /** Records the events on spans; never fails the batch for one bad event (reported through OTel's `diag`). */
  write(events: readonly AuditEvent[]): void {
    this.writeSync(events);
  }

  /** The same as `write`, which is synchronous anyway. */
  writeSync(events: readonly AuditEvent[]): void {
    for (const event of events) {
      try {
        this.#record(event);
      } catch (error) {
        diag.error(`@brane/audit: could not record ${event.type} of action ${event.actionId}`, error);
      }
    }
  }

  /** Records every sub-action still waiting for its parent, under the context its caller had. */
  close(): void {
    for (const records of [...this.#waiting.values()]) for (const record of records) this.#span(record, undefined);
    this.#waiting.clear();
    this.#waitingCount = 0;
  }

  #record(event: AuditEvent): void {
    if (event.type === 'action') {
      if (event.phase === 'completed') this.#completed(event);
      return;
    }
    if (event.type.startsWith('approval.')) this.#approvalSpan(event as ApprovalEvent);
  }

  #completed(record: ActionRecord): void {
    const parent = record.parentActionId;
    if (parent === undefined) {
      this.#span(record, undefined);
      return;
    }
    while (this.#waitingCount >= this.#maxOpenSpans) this.#releaseOldest();
    const siblings = this.#waiting.get(parent);
    if (siblings === undefined) this.#waiting.set(parent, [record]);
    else siblings.push(record);
    this.#waitingCount += 1;
  }

  /** The span of `record`, under `parent` (its parent action's span) or the caller's context; then its children's. */
  #span(record: ActionRecord, parent: Context | undefined): void {
    const start = timeOf(record);
    const caller = record[CALLER_CONTEXT]?.get(this) as Context | undefined;
    const ctx = parent ?? caller ?? context.active();
    const options: SpanOptions = {
      kind: SpanKind.INTERNAL,
      attributes: attributes({
        ...baseAttributes(record),
        'brane.capability_type': record.capabilityType,
        'brane.risk': record.risk,
        'brane.parent_action_id': record.parentActionId,
        'brane.outcome': record.outcome,
        'brane.approval_id': record.approval?.approvalId,
        'brane.execution.duration_ms': record.executionMs,
      }),
      ...(start === undefined ? {} : { startTime: start }),
      ...(parent === undefined && caller === undefined ? { root: true } : {}),
    };
    const span = this.#tracer.startSpan(`brane.capability ${record.capability}`, options, ctx);
    for (const policy of record.policies) {
      span.addEvent(
        'brane.policy',
        attributes({
          'brane.policy.name': policy.name,
          'brane.policy.version': policy.version,
          'brane.policy.stage': policy.stage,
          'brane.policy.decision': policy.decision,
          'brane.policy.reason': policy.reason,
          'brane.policy.duration_ms': policy.durationMs,
          'brane.policy.enforced': policy.shadow !== true,
          'brane.policy.failure': policy.failure,
        }),
        start,
      );
    }
    const stage = record.decisions.after === undefined ? 'before' : 'after';
    const decision = record.decisions[stage];
    if (decision !== undefined) {
      span.setAttributes(
        attributes({
          'brane.decision.type': decision.type,
          'brane.decision.reason': decision.reason,
          'brane.decision.policy': decision.policyName,
          'brane.decision.policy_version': decision.policyVersion,
          'brane.decision.stage': stage,
          'brane.decision.marked_for_review': decision.markedForReview === true,
        }),
      );
    }
    const end = start === undefined ? undefined : new Date(start.getTime() + record.durationMs);
    if (record.error !== undefined) span.recordException({ ...record.error }, end);
    const failed = record.outcome === 'denied' || record.outcome === 'failed';
    span.setStatus(
      failed ? { code: SpanStatusCode.ERROR, message: record.reason ?? record.outcome } : { code: SpanStatusCode.OK },
    );
    span.end(end);
    const children = this.#waiting.get(record.actionId);
    if (children === undefined) return;
    this.#waiting.delete(record.actionId);
    this.#waitingCount -= children.length;
    const within = trace.setSpan(ctx, span);
    for (const child of children) this.#span(child, within);
  }

  /** Records the oldest waiting sub-actions without their parent: its record is too long in coming. */
  #releaseOldest(): void {
    const oldest = this.#waiting.entries().next();
    if (oldest.done === true) return;
    const [parent, records] = oldest.value;
    this.#waiting.delete(parent);
    this.#waitingCount -= records.length;
    for (const record of records) this.#span(record, undefined);
  }

  #approvalSpan(event: ApprovalEvent): void {
    const time = timeOf(event);
    const span = this.#tracer.startSpan(`brane.${event.type} ${event.capability}`, {
      kind: SpanKind.INTERNAL,
      attributes: attributes({ ...baseAttributes(event), ...approvalAttributes(event) }),
      root: true,
      ...(time === undefined ? {} : { startTime: time }),
    });
    span.end(time);
  }
}

function baseAttributes(event: AuditEventBase): Record<string, AttributeValue | undefined> {
  return {
    'brane.capability': event.capability,
    'brane.action_id': event.actionId,
    'brane.trace_id': event.traceId,
    'brane.tenant_id': event.tenantId,
    'brane.agent_id': event.agentId,
    'brane.principal_id': event.principalId,
    'brane.environment': event.environment,
  };
}

function approvalAttributes(event: ApprovalEvent): Attributes {
  return attributes({
    'brane.approval_id': event.approvalId,
    'brane.approval.by': event.by,
    'brane.approval.comment': event.comment,
    'brane.approval.approver_groups': event.approverGroups === undefined ? undefined : [...event.approverGroups],
    'brane.approval.expires_at': event.expiresAt,
    'brane.approval.withdrawn_reason': event.reason,
  });
}

/** Only the attributes with a value: OpenTelemetry warns about `undefined` ones. */
function attributes(values: Record<string, AttributeValue | undefined>): Attributes {
  const result: Attributes = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) result[key] = value;
  return result;
}

function timeOf(event: AuditEvent): Date | undefined {
  const ms = Date.parse(event.time);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}
