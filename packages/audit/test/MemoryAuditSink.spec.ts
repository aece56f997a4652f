import { MemoryAuditSink } from '../src/MemoryAuditSink';
import { base, deniedCall } from './fixtures/lifecycleEvents';

describe('MemoryAuditSink', () => {
  it('keeps every event in order, through write and writeSync', () => {
    const sink = new MemoryAuditSink();
    const [created, evaluated, enforced, completed] = deniedCall();

    sink.write([created!, evaluated!]);
    sink.writeSync([enforced!]);
    sink.write([completed!]);

    expect(sink.name).toBe('memory');
    expect(sink.events).toEqual([created, evaluated, enforced, completed]);
  });

  it('finds events by type and by action', () => {
    const sink = new MemoryAuditSink();
    sink.write([...deniedCall('act_1'), ...deniedCall('act_2')]);
    sink.write([{ ...base('act_2'), type: 'approval.approved', approvalId: 'apr_1', by: 'bob' }]);

    expect(sink.ofType('action.completed').map((event) => [event.actionId, event.outcome])).toEqual([
      ['act_1', 'denied'],
      ['act_2', 'denied'],
    ]);
    expect(sink.ofType('approval.approved').map((event) => event.by)).toEqual(['bob']);
    expect(sink.forAction('act_2').map((event) => event.type)).toEqual([
      'action.created',
      'policy.evaluated',
      'decision.enforced',
      'action.completed',
      'approval.approved',
    ]);
    expect(sink.forAction('act_3')).toEqual([]);
  });

  it('hands out copies and forgets everything on clear', () => {
    const sink = new MemoryAuditSink({ name: 'memory-2' });
    sink.write(deniedCall());
    const snapshot = sink.events;

    sink.clear();

    expect(sink.name).toBe('memory-2');
    expect(snapshot).toHaveLength(4);
    expect(sink.events).toEqual([]);
  });
});
