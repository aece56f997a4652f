import { diag, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import type { AuditEvent } from '../src/AuditEvent';
import { OtelAuditSink } from '../src/OtelAuditSink';
import { base, deniedCall } from './fixtures/lifecycleEvents';

let exporter: InMemorySpanExporter;
let provider: BasicTracerProvider;
let tracer: Tracer;

beforeEach(() => {
  exporter = new InMemorySpanExporter();
  provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  tracer = provider.getTracer('test');
});

afterEach(async () => {
  await provider.shutdown();
});

function spans(): ReadableSpan[] {
  return exporter.getFinishedSpans();
}

function span(name: string): ReadableSpan {
  const found = spans().find((each) => each.name === name);
  if (found === undefined)
    throw new Error(
      `no span ${name} among ${spans()
        .map((each) => each.name)
        .join(', ')}`,
    );
  return found;
}

function allowedCall(actionId: string, capability: string, parentActionId?: string): [AuditEvent, AuditEvent] {
  const b = base(actionId, { capability });
  return [
    {
      ...b,
      type: 'action.created',
      risk: 'low',
      capabilityType: 'tool',
      args: {},
      ...(parentActionId === undefined ? {} : { parentActionId }),
    },
    { ...b, type: 'action.completed', outcome: 'allowed' },
  ];
}

describe('OtelAuditSink', () => {
  it('records a denied call as one ERROR span with the policy, the decision and the identity', () => {
    const sink = new OtelAuditSink({ tracer });

    sink.write(deniedCall('act_1'));

    expect(spans()).toHaveLength(1);
    const recorded = span('brane.capability refund_customer');
    expect(recorded.kind).toBe(SpanKind.INTERNAL);
    expect(recorded.parentSpanContext).toBeUndefined();
    expect(recorded.attributes).toEqual({
      'brane.capability': 'refund_customer',
      'brane.capability_type': 'tool',
      'brane.action_id': 'act_1',
      'brane.trace_id': 'trace_1',
      'brane.tenant_id': 'acme',
      'brane.agent_id': 'support-bot',
      'brane.principal_id': 'user_7',
      'brane.environment': 'test',
      'brane.risk': 'high',
      'brane.decision.type': 'deny',
      'brane.decision.reason': 'Refund of $349 exceeds the $100 limit',
      'brane.decision.policy': 'refund_amount_limit',
      'brane.decision.policy_version': '1.0',
      'brane.decision.stage': 'before',
      'brane.decision.marked_for_review': false,
      'brane.outcome': 'denied',
    });
    expect(recorded.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Refund of $349 exceeds the $100 limit' });
    expect(recorded.events.map((event) => event.name)).toEqual(['brane.policy', 'brane.decision']);
    expect(recorded.events[0]?.attributes).toEqual({
      'brane.policy.name': 'refund_amount_limit',
      'brane.policy.version': '1.0',
      'brane.policy.stage': 'before',
      'brane.policy.decision': 'deny',
      'brane.policy.reason': 'Refund of $349 exceeds the $100 limit',
      'brane.policy.duration_ms': 0.04,
      'brane.policy.enforced': true,
    });
    expect(sink.openSpans).toBe(0);
  });

  it('takes its times from the events', () => {
    const sink = new OtelAuditSink({ tracer });
    const [created, completed] = allowedCall('act_1', 'lookup');

    sink.write([
      { ...created, time: '2026-03-01T12:00:00.000Z' },
      { ...completed, time: '2026-03-01T12:00:02.500Z' },
    ]);

    const [seconds, nanos] = span('brane.capability lookup').duration;
    expect(seconds * 1_000 + nanos / 1e6).toBe(2_500);
    expect(span('brane.capability lookup').status).toEqual({ code: SpanStatusCode.OK });
  });

  it('makes a sub-action the child of its parent action while the parent span is open', () => {
    const sink = new OtelAuditSink({ tracer });
    const [parentCreated, parentCompleted] = allowedCall('act_p', 'plan_trip');
    const [childCreated, childCompleted] = allowedCall('act_c', 'book_flight', 'act_p');
    const [lateCreated, lateCompleted] = allowedCall('act_l', 'send_receipt', 'act_p');

    sink.write([parentCreated, childCreated, childCompleted, parentCompleted]);
    sink.write([lateCreated, lateCompleted]); // the parent span has ended

    const parent = span('brane.capability plan_trip');
    const child = span('brane.capability book_flight');
    const late = span('brane.capability send_receipt');
    expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(child.attributes['brane.parent_action_id']).toBe('act_p');
    expect(late.parentSpanContext).toBeUndefined();
  });

  it('records an execution error as an exception and a failure as an ERROR status', () => {
    const sink = new OtelAuditSink({ tracer });
    const [created] = allowedCall('act_1', 'charge');
    const b = base('act_1', { capability: 'charge' });

    sink.write([
      created,
      { ...b, type: 'action.executed', durationMs: 12, error: { name: 'TimeoutError', message: 'gateway timed out' } },
      { ...b, type: 'action.completed', outcome: 'failed' },
    ]);

    const recorded = span('brane.capability charge');
    expect(recorded.attributes['brane.execution.duration_ms']).toBe(12);
    expect(recorded.events[0]).toMatchObject({
      name: 'exception',
      attributes: { 'exception.type': 'TimeoutError', 'exception.message': 'gateway timed out' },
    });
    expect(recorded.status).toEqual({ code: SpanStatusCode.ERROR, message: 'failed' });
  });

  it('adds approval events to an open span, and gives a later decision a span of its own', () => {
    const sink = new OtelAuditSink({ tracer });
    const [created] = allowedCall('act_1', 'refund_customer');
    const b = base('act_1');

    sink.write([
      created,
      { ...b, type: 'approval.requested', approvalId: 'apr_1', approverGroups: ['finance'], expiresAt: '2026-03-02' },
      { ...b, type: 'action.completed', outcome: 'approval_required', approvalId: 'apr_1' },
    ]);
    sink.write([{ ...b, type: 'approval.approved', approvalId: 'apr_1', by: 'bob', comment: 'ok' }]);

    const call = span('brane.capability refund_customer');
    expect(call.status).toEqual({ code: SpanStatusCode.OK });
    expect(call.attributes['brane.approval_id']).toBe('apr_1');
    expect(call.events[0]).toMatchObject({
      name: 'brane.approval.requested',
      attributes: {
        'brane.approval_id': 'apr_1',
        'brane.approval.approver_groups': ['finance'],
        'brane.approval.expires_at': '2026-03-02',
      },
    });
    const approved = span('brane.approval.approved refund_customer');
    expect(approved.attributes).toMatchObject({
      'brane.action_id': 'act_1',
      'brane.approval_id': 'apr_1',
      'brane.approval.by': 'bob',
      'brane.approval.comment': 'ok',
    });
  });

  it('ignores events of actions it has no span for, and a repeated action.created', () => {
    const sink = new OtelAuditSink({ tracer });
    const [created, completed] = allowedCall('act_1', 'lookup');

    sink.write([created, created, completed, completed, ...deniedCall('act_2').slice(1)]);

    expect(spans().map((each) => each.name)).toEqual(['brane.capability lookup']);
  });

  it('ends the oldest open spans as incomplete beyond maxOpenSpans, and the rest on close', () => {
    const sink = new OtelAuditSink({ tracer, maxOpenSpans: 2 });

    sink.write(['a', 'b', 'c'].map((id) => allowedCall(id, `cap_${id}`)[0]));

    expect(spans().map((each) => each.name)).toEqual(['brane.capability cap_a']);
    expect(span('brane.capability cap_a').attributes['brane.incomplete']).toBe(true);
    expect(sink.openSpans).toBe(2);
    sink.close();
    expect(spans().map((each) => each.attributes['brane.incomplete'])).toEqual([true, true, true]);
    expect(sink.openSpans).toBe(0);
  });

  it('reports an event it cannot record through diag and goes on with the batch', () => {
    const errors = jest.spyOn(diag, 'error').mockImplementation(() => undefined);
    const sink = new OtelAuditSink({ tracer });
    const [created, completed] = allowedCall('act_1', 'lookup');
    const broken = { ...base('act_1'), type: 'decision.enforced', stage: 'before' } as unknown as AuditEvent;

    sink.writeSync([created, broken, completed]);

    expect(errors).toHaveBeenCalledWith(
      '@brane/audit: could not record decision.enforced of action act_1',
      expect.any(TypeError),
    );
    expect(span('brane.capability lookup').status.code).toBe(SpanStatusCode.OK);
    errors.mockRestore();
  });

  it('uses the global tracer by default', () => {
    const getTracer = jest.spyOn(trace, 'getTracer');

    const sink = new OtelAuditSink();

    expect(sink.name).toBe('otel');
    expect(getTracer).toHaveBeenCalledWith('@brane/audit');
    getTracer.mockRestore();
  });
});
