import {
  context,
  diag,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type AttributeValue,
  type Span,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import type { ActionCreatedEvent, ApprovalEvent, AuditEvent, AuditEventBase } from './AuditEvent.js';
import type { AuditSink } from './AuditSink.js';

/** What an {@link OtelAuditSink} is built from. */
export interface OtelAuditSinkOptions {
  /** Default `trace.getTracer('@brane/audit')`, from the globally registered provider. */
  readonly tracer?: Tracer;
  /**
   * Spans of actions that never complete (a crash mid-call, a lost event) are ended once this many are open,
   * oldest first, marked `brane.incomplete = true`. Default 10_000.
   */
  readonly maxOpenSpans?: number;
  /** The sink's name in stats and errors. Default `otel`. */
  readonly name?: string;
}

/**
 * An {@link AuditSink} that turns the audit trail into OpenTelemetry spans: one span per action, named
 * `brane.capability <name>`, from `action.created` to `action.completed` (status `ERROR` with the reason for
 * a deny or a failure, `OK` otherwise). Policy evaluations, enforced decisions and approvals become span
 * events; the enforced decision is also set as `brane.decision.*` attributes. A sub-action's span is the
 * child of its parent action's span while that one is open; other actions start a root span, since events
 * are delivered later and in batches, away from the caller's context. Times come from the events.
 *
 * An approval event for an action whose span is no longer open (the approver decides later) becomes a span
 * of its own, `brane.approval.<what> <capability>`.
 *
 * @example
 * new AuditDispatcher({ sinks: [new OtelAuditSink({ tracer: provider.getTracer('agents') })] })
 */
export class OtelAuditSink implements AuditSink {
  readonly name: string;
  readonly #tracer: Tracer;
  readonly #maxOpenSpans: number;
  /** Open spans by action id, oldest first. */
  readonly #spans = new Map<string, Span>();

  constructor(options: OtelAuditSinkOptions = {}) {
    this.name = options.name ?? 'otel';
    this.#tracer = options.tracer ?? trace.getTracer('@brane/audit');
    const max = options.maxOpenSpans;
    this.#maxOpenSpans = typeof max === 'number' && Number.isInteger(max) && max > 0 ? max : 10_000;
  }

  /** The number of spans started and not yet ended. */
  get openSpans(): number {
    return this.#spans.size;
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

  /** Ends every open span, marked `brane.incomplete = true`. */
  close(): void {
    for (const actionId of [...this.#spans.keys()]) this.#endIncomplete(actionId);
  }

  #record(event: AuditEvent): void {
    if (event.type === 'action.created') {
      this.#start(event);
      return;
    }
    const span = this.#spans.get(event.actionId);
    const time = timeOf(event);
    if (span === undefined) {
      if (event.type.startsWith('approval.')) this.#approvalSpan(event as ApprovalEvent);
      return;
    }
    switch (event.type) {
      case 'policy.evaluated':
        span.addEvent(
          'brane.policy',
          attributes({
            'brane.policy.name': event.policyName,
            'brane.policy.version': event.policyVersion,
            'brane.policy.stage': event.stage,
            'brane.policy.decision': event.decision.type,
            'brane.policy.reason': event.decision.reason,
            'brane.policy.duration_ms': event.durationMs,
            'brane.policy.enforced': event.enforced,
            'brane.policy.failure': event.failure,
          }),
          time,
        );
        return;
      case 'decision.enforced': {
        const decision = attributes({
          'brane.decision.type': event.decision.type,
          'brane.decision.reason': event.decision.reason,
          'brane.decision.policy': event.decision.policyName,
          'brane.decision.policy_version': event.decision.policyVersion,
          'brane.decision.stage': event.stage,
          'brane.decision.marked_for_review': event.markedForReview,
        });
        span.setAttributes(decision);
        span.addEvent('brane.decision', decision, time);
        return;
      }
      case 'action.executed':
        span.setAttribute('brane.execution.duration_ms', event.durationMs);
        if (event.error !== undefined)
          span.recordException({ name: event.error.name, message: event.error.message }, time);
        return;
      case 'action.completed': {
        span.setAttributes(attributes({ 'brane.outcome': event.outcome, 'brane.approval_id': event.approvalId }));
        const failed = event.outcome === 'denied' || event.outcome === 'failed';
        span.setStatus(
          failed ? { code: SpanStatusCode.ERROR, message: event.reason ?? event.outcome } : { code: SpanStatusCode.OK },
        );
        span.end(time);
        this.#spans.delete(event.actionId);
        return;
      }
      default:
        span.addEvent(`brane.${event.type}`, approvalAttributes(event), time);
    }
  }

  #start(event: ActionCreatedEvent): void {
    if (this.#spans.has(event.actionId)) return;
    while (this.#spans.size >= this.#maxOpenSpans) {
      const oldest = this.#spans.keys().next();
      if (oldest.done === true) break;
      this.#endIncomplete(oldest.value);
    }
    const parent = event.parentActionId === undefined ? undefined : this.#spans.get(event.parentActionId);
    const time = timeOf(event);
    const options: SpanOptions = {
      kind: SpanKind.INTERNAL,
      attributes: attributes({
        ...baseAttributes(event),
        'brane.capability_type': event.capabilityType,
        'brane.risk': event.risk,
        'brane.parent_action_id': event.parentActionId,
      }),
      ...(time === undefined ? {} : { startTime: time }),
      ...(parent === undefined ? { root: true } : {}),
    };
    const ctx = parent === undefined ? context.active() : trace.setSpan(context.active(), parent);
    this.#spans.set(event.actionId, this.#tracer.startSpan(`brane.capability ${event.capability}`, options, ctx));
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

  #endIncomplete(actionId: string): void {
    const span = this.#spans.get(actionId);
    this.#spans.delete(actionId);
    span?.setAttribute('brane.incomplete', true);
    span?.end();
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
