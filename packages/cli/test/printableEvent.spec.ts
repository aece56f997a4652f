import type { AuditEvent } from '@brane/audit';
import { eventJson, printableEvent } from '../src/printableEvent';

const event = {
  type: 'action.created',
  time: '2026-11-21T10:00:00.000Z',
  actionId: 'a1',
  capability: 'refund',
  args: { amountUsd: 349 },
} as unknown as AuditEvent;
let nested: unknown = [];
for (let i = 0; i < 50_000; i++) nested = [nested];
const deep = { ...event, actionId: 42, args: { nested } } as unknown as AuditEvent;

describe('eventJson', () => {
  it('is the JSON of an event, indented as asked', () => {
    expect(eventJson(event, 2)).toBe(JSON.stringify(event, null, 2));
    expect(eventJson(event)).toBe(JSON.stringify(event));
  });

  it('is a malformed stand-in for an event nested too deeply for JSON, with its fields that are strings', () => {
    expect(JSON.parse(eventJson(deep, 2))).toStrictEqual({
      malformed: 'The event is nested too deeply to print as JSON',
      type: 'action.created',
      time: '2026-11-21T10:00:00.000Z',
      capability: 'refund',
    });
  });
});

describe('printableEvent', () => {
  it('is the event itself when JSON can write it, else the malformed stand-in', () => {
    expect(printableEvent(event)).toBe(event);
    expect(printableEvent(deep)).toStrictEqual(JSON.parse(eventJson(deep)));
  });
});
