import { escapeForTerminal } from '@brane/errors';
import type { ActionRecord } from './ActionRecord.js';
import type { AuditDecision, AuditEvent } from './AuditEvent.js';
import type { AuditSink } from './AuditSink.js';

/** Where a {@link ConsoleAuditSink} writes: `process.stderr`, `process.stdout`, or anything with `write`. */
export interface ConsoleAuditStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** What a {@link ConsoleAuditSink} is built from. */
export interface ConsoleAuditSinkOptions {
  /** Default `process.stderr`. */
  readonly stream?: ConsoleAuditStream;
  /** ANSI colours. Default: when the stream is a TTY and `NO_COLOR` is unset or empty (no-color.org). */
  readonly color?: boolean;
  /** The sink's name in stats and errors. Default `console`. */
  readonly name?: string;
}

type Tone = 'dim' | 'red' | 'green' | 'yellow' | 'cyan' | 'magenta';

const TONES: Readonly<Record<Tone, readonly [string, string]>> = {
  dim: ['\x1b[2m', '\x1b[22m'],
  red: ['\x1b[1;31m', '\x1b[22;39m'],
  green: ['\x1b[32m', '\x1b[39m'],
  yellow: ['\x1b[33m', '\x1b[39m'],
  cyan: ['\x1b[36m', '\x1b[39m'],
  magenta: ['\x1b[35m', '\x1b[39m'],
};

const DECISION_TONES: Readonly<Record<string, Tone>> = { allow: 'green', deny: 'red', approval_required: 'yellow' };
const OUTCOME_TONES: Readonly<Record<string, Tone>> = {
  allowed: 'green',
  denied: 'red',
  failed: 'red',
  approval_required: 'yellow',
};

/**
 * An {@link AuditSink} for development: one readable line per event, written at once.
 *
 * ```text
 * 12:00:01.120 refund_customer       CALL      risk=high {"customerId":"cust_456","amount":349}
 * 12:00:01.121 refund_customer       policy    before refund_amount_limit@1.0 -> deny (0.04 ms)  Refund of $349...
 * 12:00:01.121 refund_customer       DENY      refund_amount_limit@1.0  Refund of $349 exceeds the $100 limit
 * 12:00:01.121 refund_customer       DONE      denied (before): Refund of $349 exceeds the $100 limit
 * ```
 *
 * Times are local. Every value is escaped with `escapeForTerminal` (control characters, ANSI escapes, bidi
 * controls), so an argument cannot forge lines or send terminal escapes.
 */
export class ConsoleAuditSink implements AuditSink {
  readonly name: string;
  readonly #stream: ConsoleAuditStream;
  readonly #color: boolean;

  constructor(options: ConsoleAuditSinkOptions = {}) {
    this.name = options.name ?? 'console';
    this.#stream = options.stream ?? process.stderr;
    const noColor = process.env['NO_COLOR'];
    this.#color = options.color ?? (this.#stream.isTTY === true && (noColor === undefined || noColor === ''));
  }

  /** Writes one line per event. */
  write(events: readonly AuditEvent[]): void {
    this.writeSync(events);
  }

  /** The same as `write`: `process.stderr` writes synchronously to files and terminals. */
  writeSync(events: readonly AuditEvent[]): void {
    if (events.length === 0) return;
    this.#stream.write(`${events.map((event) => this.format(event)).join('\n')}\n`);
  }

  /** The line for one event, without its newline. */
  format(event: AuditEvent): string {
    const [label, tone, detail] = describe(event);
    return [
      this.#paint('dim', clock(event.time)),
      escapeForTerminal(event.capability).padEnd(20),
      this.#paint(tone, label.padEnd(8)),
      escapeForTerminal(detail),
    ].join(' ');
  }

  #paint(tone: Tone, text: string): string {
    if (!this.#color) return text;
    const [open, close] = TONES[tone];
    return `${open}${text}${close}`;
  }
}

/** The label, its tone, and the rest of the line. */
function describe(event: AuditEvent): [string, Tone, string] {
  switch (event.type) {
    case 'action':
      return describeRecord(event);
    case 'action.created':
      return ['CALL', 'cyan', `risk=${event.risk} ${compactJson(event.args)}`];
    case 'policy.evaluated': {
      const notes = [ms(event.durationMs), event.enforced ? '' : 'shadow', event.failure ?? ''].filter(Boolean);
      const head = `${event.stage} ${policyLabel(event.policyName, event.policyVersion)} -> ${event.decision.type}`;
      return ['policy', 'dim', join(`${head} (${notes.join(', ')})`, event.decision.reason)];
    }
    case 'decision.enforced': {
      const tone = DECISION_TONES[event.decision.type] ?? 'magenta';
      const notes = [event.stage === 'after' ? '(after)' : '', event.markedForReview ? '[review]' : ''];
      const head = [decisionPolicy(event.decision), ...notes].filter(Boolean).join(' ');
      return [event.decision.type.toUpperCase(), tone, join(head, event.decision.reason)];
    }
    case 'action.executed':
      return event.error === undefined
        ? ['RAN', 'green', ms(event.durationMs)]
        : ['THREW', 'red', `${event.error.name}: ${event.error.message} (${ms(event.durationMs)})`];
    case 'action.completed': {
      const stage = event.stage === undefined ? '' : ` (${event.stage})`;
      const approval = event.approvalId === undefined ? '' : ` [approval ${event.approvalId}]`;
      const reason = event.reason === undefined ? '' : `: ${event.reason}`;
      return ['DONE', OUTCOME_TONES[event.outcome] ?? 'magenta', `${event.outcome}${stage}${reason}${approval}`];
    }
    default: {
      const parts = [event.type.slice('approval.'.length), event.approvalId];
      if (event.by !== undefined) parts.push(`by ${event.by}`);
      if (event.approverGroups !== undefined) parts.push(`for ${event.approverGroups.join(', ')}`);
      if (event.expiresAt !== undefined) parts.push(`expires ${event.expiresAt}`);
      if (event.comment !== undefined) parts.push(JSON.stringify(event.comment));
      return ['APPROVAL', event.type === 'approval.rejected' ? 'red' : 'yellow', parts.join(' ')];
    }
  }
}

/** One line for a whole action: its arguments, each policy, the enforced decisions and how it ended. */
function describeRecord(record: ActionRecord): [string, Tone, string] {
  const policies = record.policies.map((policy) => {
    const shadow = policy.shadow === true ? ' shadow' : '';
    return `${policy.stage} ${policyLabel(policy.name, policy.version)} -> ${policy.decision}${shadow}`;
  });
  const approval =
    record.approval === undefined ? '' : ` [approval ${record.approval.approvalId} ${record.approval.status}]`;
  const error = record.error === undefined ? '' : ` threw ${record.error.name}: ${record.error.message}`;
  const head = `risk=${record.risk} ${compactJson(record.args)}${policies.length > 0 ? ` | ${policies.join('; ')}` : ''}`;
  if (record.outcome === undefined) {
    const decision = record.decisions.before?.type ?? 'allow';
    return ['DECIDED', DECISION_TONES[decision] ?? 'magenta', `${head} | ${decision}${approval}`];
  }
  const stage = record.stage === undefined ? '' : ` (${record.stage})`;
  const reason = record.reason === undefined ? '' : `: ${record.reason}`;
  const tail = `${record.outcome}${stage}${reason}${error}${approval} (${ms(record.durationMs)})`;
  return [record.outcome.toUpperCase(), OUTCOME_TONES[record.outcome] ?? 'magenta', `${head} | ${tail}`];
}

function join(head: string, reason: string | undefined): string {
  return reason === undefined || reason === '' ? head : `${head}  ${reason}`;
}

function decisionPolicy(decision: AuditDecision): string {
  return decision.policyName === undefined ? '-' : policyLabel(decision.policyName, decision.policyVersion);
}

function policyLabel(name: string, version: string | undefined): string {
  return version === undefined ? name : `${name}@${version}`;
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
}

/** `HH:MM:SS.mmm` in local time, or the raw value if it is not a date. */
function clock(time: string): string {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return escapeForTerminal(time);
  const two = (value: number): string => String(value).padStart(2, '0');
  const millis = String(date.getMilliseconds()).padStart(3, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${millis}`;
}

/** JSON on one line, cut at 120 characters; never throws. */
function compactJson(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? `${item}n` : item)) ?? '';
  } catch {
    text = '[unprintable]';
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
