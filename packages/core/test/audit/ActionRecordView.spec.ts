import { CALLER_CONTEXT, type AuditSink } from '@brane/audit';
import { MaskedJson } from '@brane/audit/internal';
import { Decision } from '@brane/decisions';
import type { AgentAction } from '../../src/AgentAction.js';
import { ActionRecordView, type RecordMasker, type RecordParts } from '../../src/audit/ActionRecordView.js';

/** A masker that counts its passes and masks one word, so that what it touched shows. */
function countingMasker(): RecordMasker & { passes: number } {
  const masker = {
    passes: 0,
    mask<T>(value: T): T {
      masker.passes += 1;
      return JSON.parse(JSON.stringify(value).replaceAll('hunter2-secret', '[REDACTED]')) as T;
    },
    secretsIn: () => [],
    jsonMasker: () => new MaskedJson([], [/hunter2-secret/g]),
  };
  return masker;
}

function parts(overrides: Partial<RecordParts> = {}): RecordParts {
  const action = {
    actionId: 'act_1',
    traceId: 'trace_1',
    parentActionId: undefined,
    environment: 'prod',
    agentId: 'agent',
    tenantId: 'acme',
    principalId: undefined,
    scopes: ['refunds:create'],
    input: { customerId: 'cust_1', note: 'hunter2-secret' },
    output: undefined,
    capability: { name: 'refund', type: 'tool', risk: 'high', sensitive: [], effect: undefined },
  } as unknown as AgentAction;
  return {
    action,
    actionId: action.actionId,
    input: action.input,
    startedAt: Date.parse('2026-05-01T09:00:00.000Z'),
    startedTick: 100,
    endedTick: 100.5,
    observations: [],
    decisions: { before: { decision: Decision.allow() } },
    contexts: undefined,
    outcome: 'allowed',
    ...overrides,
  };
}

describe('ActionRecordView', () => {
  it('builds and masks nothing until a field is read, then masks once for every later read', () => {
    const masker = countingMasker();
    const record = new ActionRecordView(parts(), 'completed', masker);

    expect([record.v, record.type, record.phase, record.actionId, record.capability]).toStrictEqual([
      2,
      'action',
      'completed',
      'act_1',
      'refund',
    ]);
    expect(masker.passes).toBe(0);

    expect(record.args).toStrictEqual({ customerId: 'cust_1', note: '[REDACTED]' });
    const passes = masker.passes;
    expect(passes).toBeGreaterThan(0);
    expect(JSON.stringify(record)).not.toContain('hunter2-secret');
    expect(record.time).toBe('2026-05-01T09:00:00.000Z');
    expect(record.durationMs).toBe(0.5);
    expect(masker.passes).toBe(passes);
  });

  it('serialises to the plain record, without the caller context it carries', () => {
    const sink: AuditSink = { name: 'otel', write: () => undefined };
    const contexts = new Map<AuditSink, unknown>([[sink, { span: 'caller' }]]);
    const record = new ActionRecordView(parts({ contexts }), 'completed', countingMasker());

    expect(record[CALLER_CONTEXT]?.get(sink)).toStrictEqual({ span: 'caller' });
    const json = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
    expect(json).toMatchObject({
      v: 2,
      type: 'action',
      phase: 'completed',
      actionId: 'act_1',
      tenantId: 'acme',
      scopes: ['refunds:create'],
      outcome: 'allowed',
      decisions: { before: { type: 'allow' } },
    });
    expect(JSON.stringify(json)).not.toContain('caller');
    // The enforced decision does not repeat the record's action id, nor an empty metadata.
    expect(json['decisions']).toStrictEqual({ before: { type: 'allow', decisionId: expect.any(String) as string } });
  });
});
