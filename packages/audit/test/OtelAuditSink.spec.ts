import {
  context,
  diag,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type ContextManager,
  type Tracer,
} from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { CALLER_CONTEXT } from '../src/ActionRecord';
import type { AuditEvent } from '../src/AuditEvent';
import { OtelAuditSink } from '../src/OtelAuditSink';
import { actionRecord, deniedRecord } from './fixtures/actionRecords';
import { base } from './fixtures/lifecycleEvents';

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

/** A synchronous context manager (a stack), enough for `context.with` in a test. */
class StackContextManager implements ContextManager {
  #stack: Context[] = [];
  active(): Context {
    return this.#stack.at(-1) ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    this.#stack.push(ctx);
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.#stack.pop();
    }
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.#stack = [];
    return this;
  }
}

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

describe('OtelAuditSink', () => {
  it('records a denied call as one ERROR span with each policy, the decision and the identity', () => {
    const sink = new OtelAuditSink({ tracer });

    sink.write([deniedRecord('act_1')]);

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
    expect(recorded.events.map((event) => event.name)).toEqual(['brane.policy']);
    expect(recorded.events[0]?.attributes).toEqual({
      'brane.policy.name': 'refund_amount_limit',
      'brane.policy.version': '1.0',
      'brane.policy.stage': 'before',
      'brane.policy.decision': 'deny',
      'brane.policy.reason': 'Refund of $349 exceeds the $100 limit',
      'brane.policy.duration_ms': 0.04,
      'brane.policy.enforced': true,
    });
  });

  it('takes its times from the record: its start and its duration', () => {
    const sink = new OtelAuditSink({ tracer });

    sink.write([actionRecord('act_1', 'lookup', { time: '2026-03-01T12:00:00.000Z', durationMs: 2_500 })]);

    const [seconds, nanos] = span('brane.capability lookup').duration;
    expect(seconds * 1_000 + nanos / 1e6).toBe(2_500);
    expect(span('brane.capability lookup').status).toEqual({ code: SpanStatusCode.OK });
  });

  it("parents the action's span to the span active where the capability was called", () => {
    context.setGlobalContextManager(new StackContextManager());
    try {
      const sink = new OtelAuditSink({ tracer });
      const agentRun = tracer.startSpan('agent run');
      const captured = context.with(trace.setSpan(context.active(), agentRun), () => sink.captureContext());
      expect(sink.captureContext()).toBeUndefined(); // no active span here: nothing to link to
      agentRun.end();

      sink.write([actionRecord('act_1', 'lookup', { [CALLER_CONTEXT]: new Map([[sink, captured]]) })]);

      const call = span('brane.capability lookup');
      expect(call.parentSpanContext?.spanId).toBe(agentRun.spanContext().spanId);
      expect(call.spanContext().traceId).toBe(agentRun.spanContext().traceId);
    } finally {
      context.disable();
    }
  });

  it("makes a sub-action the child of its parent action's span, whose record comes later", () => {
    const sink = new OtelAuditSink({ tracer });

    sink.write([actionRecord('act_c', 'book_flight', { parentActionId: 'act_p' })]);
    expect(spans()).toHaveLength(0);
    expect(sink.openSpans).toBe(1);
    sink.write([actionRecord('act_p', 'plan_trip')]);

    const parent = span('brane.capability plan_trip');
    const child = span('brane.capability book_flight');
    expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(child.attributes['brane.parent_action_id']).toBe('act_p');
    expect(sink.openSpans).toBe(0);
  });

  it('records an execution error as an exception and a failure as an ERROR status', () => {
    const sink = new OtelAuditSink({ tracer });

    sink.write([
      actionRecord('act_1', 'charge', {
        outcome: 'failed',
        executionMs: 12,
        error: { name: 'TimeoutError', message: 'gateway timed out' },
      }),
    ]);

    const recorded = span('brane.capability charge');
    expect(recorded.attributes['brane.execution.duration_ms']).toBe(12);
    expect(recorded.events[0]).toMatchObject({
      name: 'exception',
      attributes: { 'exception.type': 'TimeoutError', 'exception.message': 'gateway timed out' },
    });
    expect(recorded.status).toEqual({ code: SpanStatusCode.ERROR, message: 'failed' });
  });

  it('records the approval an action asked for, and gives a later decision a span of its own', () => {
    const sink = new OtelAuditSink({ tracer });
    const approval = { approvalId: 'apr_1', status: 'requested', approverGroups: ['finance'] } as const;

    sink.write([actionRecord('act_1', 'refund_customer', { outcome: 'approval_required', approval })]);
    sink.write([{ ...base('act_1'), type: 'approval.approved', approvalId: 'apr_1', by: 'bob', comment: 'ok' }]);

    const call = span('brane.capability refund_customer');
    expect(call.status).toEqual({ code: SpanStatusCode.OK });
    expect(call.attributes['brane.approval_id']).toBe('apr_1');
    const approved = span('brane.approval.approved refund_customer');
    expect(approved.attributes).toMatchObject({
      'brane.action_id': 'act_1',
      'brane.approval_id': 'apr_1',
      'brane.approval.by': 'bob',
      'brane.approval.comment': 'ok',
    });
  });

  it("ignores a 'decided' record (the completed one follows) and version 1 step events", () => {
    const sink = new OtelAuditSink({ tracer });

    sink.write([
      actionRecord('act_1', 'lookup', { phase: 'decided', outcome: undefined }),
      { ...base('act_1'), type: 'action.executed', durationMs: 1 },
    ]);

    expect(spans()).toHaveLength(0);
  });

  it('records the oldest waiting sub-actions without their parent beyond maxOpenSpans, and the rest on close', () => {
    const sink = new OtelAuditSink({ tracer, maxOpenSpans: 2 });

    sink.write(['a', 'b', 'c'].map((id) => actionRecord(id, `cap_${id}`, { parentActionId: `parent_${id}` })));

    expect(spans().map((each) => each.name)).toEqual(['brane.capability cap_a']);
    expect(sink.openSpans).toBe(2);
    sink.close();
    expect(spans()).toHaveLength(3);
    expect(sink.openSpans).toBe(0);
  });

  it('reports a record it cannot record through diag and goes on with the batch', () => {
    const errors = jest.spyOn(diag, 'error').mockImplementation(() => undefined);
    const sink = new OtelAuditSink({ tracer });
    const broken = { ...actionRecord('act_0', 'broken'), policies: undefined } as unknown as AuditEvent;

    sink.writeSync([broken, actionRecord('act_1', 'lookup')]);

    expect(errors).toHaveBeenCalledWith('@brane/audit: could not record action of action act_0', expect.any(TypeError));
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
