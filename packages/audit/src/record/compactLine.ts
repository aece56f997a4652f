import * as crypto from 'node:crypto';
import { BraneError, describeValue } from '@brane/errors';
import type { AuditEvent } from '../AuditEvent.js';
import { canonicalEventJson } from '../hashRecord.js';
import {
  ACTION_DEFAULTS,
  ACTION_FIELDS,
  COMPACT_BODY,
  DECISION_FIELDS,
  POLICY_DEFAULTS,
  POLICY_FIELDS,
} from './compactFields.js';

/**
 * The version of the compact line format, `{"v":3,"s":<seq>,"h":<hash>,…}`. Lines of versions 1 and 2
 * (`{"seq":…,"prev":…,"hash":…,"event":…}`) still read and verify.
 */
export const COMPACT_LINE_VERSION = 3;

const SHORT_DECISION = new Map<string, string>(DECISION_FIELDS);
const LONG_DECISION = new Map<string, string>(DECISION_FIELDS.map(([long, short]) => [short, long]));
const LONG_ACTION = new Map<string, string>(ACTION_FIELDS.map(([long, short]) => [short, long]));
const LONG_POLICY = new Map<string, string>(POLICY_FIELDS.map(([long, short]) => [short, long]));
/** The action record model a compact action line decodes to (`ActionRecord['v']`). */
const ACTION_MODEL_VERSION = 2;
const PREFIX = /^\{"v":3,"s":([1-9][0-9]{0,15}),"h":"([A-Za-z0-9_-]{43})",/;

/**
 * The body of the compact line of `event` (its fields after `h`, without braces), in the order the format fixes, so
 * that the hashed bytes are canonical by construction: no keys are sorted. An action record of the known shape is
 * written with short keys; any other event (a step event of version 1, an approval event, a record with fields the
 * format does not know) is written whole under `e`. Nested user values, already masked, are `JSON.stringify`'d.
 */
export function compactBody(event: AuditEvent): string {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new BraneError('INVALID_ARGUMENT', `An audit event must be an object (got ${describeValue(event)})`);
  }
  try {
    const own = (event as { [COMPACT_BODY]?: unknown })[COMPACT_BODY];
    if (typeof own === 'function') {
      const body: unknown = own.call(event);
      if (typeof body === 'string') return body;
    }
    const data = toData(event);
    if (data['type'] === 'action' && data['v'] === ACTION_MODEL_VERSION) {
      const body = actionBody(data);
      if (body !== undefined) return body;
    }
    const json = JSON.stringify(data);
    if (typeof json === 'string' && json.startsWith('{')) return `"e":${json}`;
  } catch {
    // A circular reference or a bigint: written as the canonical JSON writes them, below.
  }
  return `"e":${canonicalEventJson(event)}`;
}

/**
 * The compact line of record `seq` (newline included) and its hash: the SHA-256, base64url, of `prev`, a newline,
 * and the line without its `h` field.
 *
 * @param prev the hash of the record before (`GENESIS_HASH` for the first record of a log)
 */
export function compactLine(seq: number, prev: string, body: string): { readonly hash: string; readonly line: string } {
  const hash = sha256Base64url(`${prev}\n{"v":3,"s":${seq},${body}}`);
  return { hash, line: `{"v":3,"s":${seq},"h":"${hash}",${body}}\n` };
}

/** A compact line, read: its `seq`, its recorded `hash`, the bytes its hash covers (after `prev\n`) and its event. */
export interface CompactRecord {
  readonly seq: number;
  readonly hash: string;
  readonly hashed: string;
  readonly event: AuditEvent;
}

/**
 * Whether `text` (one line, no newline) is a line of the compact format: it starts as one.
 */
export function isCompactLine(text: string): boolean {
  return text.startsWith('{"v":3,');
}

/**
 * The record on a compact line, or why it is not one.
 */
export function parseCompactLine(text: string): CompactRecord | string {
  const match = PREFIX.exec(text);
  if (match === null || !text.endsWith('}')) return 'The line is not a record: no `s` and base64url `h` of version 3';
  const seq = Number(match[1]);
  if (!Number.isSafeInteger(seq)) return 'The line is not a record: `s` is not a safe integer';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'The line is not JSON';
  }
  const event = decodeEvent(value as Record<string, unknown>);
  if (typeof event === 'string') return `The line is not a record: ${event}`;
  const hashed = `{"v":3,"s":${match[1]},${text.slice(match[0].length)}`;
  return { seq, hash: match[2] as string, hashed, event };
}

/**
 * The hash a compact record has when it follows `prev`.
 */
export function compactHash(prev: string, hashed: string): string {
  return sha256Base64url(`${prev}\n${hashed}`);
}

type OneShotHash = (algorithm: string, data: string, encoding: 'base64url') => string;

/** SHA-256, base64url (43 characters), of a UTF-8 string: `crypto.hash` where Node has it, else `createHash`. */
const sha256Base64url: (data: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (data) => (crypto as unknown as { hash: OneShotHash }).hash('sha256', data, 'base64url')
    : (data) => crypto.createHash('sha256').update(data).digest('base64url');

/** An event as plain data: a lazy record view serialises through its `toJSON`. */
function toData(event: AuditEvent): Record<string, unknown> {
  const toJSON = (event as { toJSON?: unknown }).toJSON;
  return (typeof toJSON === 'function' ? toJSON.call(event) : event) as Record<string, unknown>;
}

/** The short-key body of an action record, or `undefined` when it holds a field the format does not know. */
function actionBody(data: Record<string, unknown>): string | undefined {
  let known = 2; // `v` and `type`
  let out = '';
  for (const [long, short] of ACTION_FIELDS) {
    const value = data[long];
    if (value === undefined) continue;
    known += 1;
    if (ACTION_DEFAULTS[long] === value) continue;
    let json: string | undefined;
    if (long === 'policies') json = policiesJson(value);
    else if (long === 'decisions') json = decisionsJson(value);
    else json = JSON.stringify(value);
    if (json === undefined) return undefined;
    if (json === '') continue;
    out += `${out === '' ? '' : ','}"${short}":${json}`;
  }
  let present = 0;
  for (const key in data) if (data[key] !== undefined) present += 1;
  return present === known && out !== '' ? out : undefined;
}

/** Policies with short keys, in order; `undefined` for one the format does not know. */
function policiesJson(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  let out = '';
  for (const policy of value as unknown[]) {
    if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) return undefined;
    const record = policy as Record<string, unknown>;
    let known = 0;
    let fields = '';
    for (const [long, short] of POLICY_FIELDS) {
      const field = record[long];
      if (field === undefined) continue;
      known += 1;
      if (POLICY_DEFAULTS[long] === field) continue;
      fields += `${fields === '' ? '' : ','}"${short}":${JSON.stringify(field)}`;
    }
    let present = 0;
    for (const key in record) if (record[key] !== undefined) present += 1;
    if (present !== known) return undefined;
    out += `${out === '' ? '' : ','}{${fields}}`;
  }
  return `[${out}]`;
}

/** `decisions` as `{"b":…,"a":…}`; `''` (left out) when there are none. */
function decisionsJson(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { before, after, ...rest } = value as Record<string, unknown>;
  if (Object.values(rest).some((field) => field !== undefined)) return undefined;
  const b = before === undefined ? '' : decisionJson(before);
  const a = after === undefined ? '' : decisionJson(after);
  if (b === undefined || a === undefined) return undefined;
  if (b === '' && a === '') return '';
  return `{${b === '' ? '' : `"b":${b}`}${b !== '' && a !== '' ? ',' : ''}${a === '' ? '' : `"a":${a}`}}`;
}

/**
 * An enforced decision with short keys for its usual fields, its others as they are, in its own order; `undefined`
 * when one of its other fields is named like a short key (it could not be read back).
 */
function decisionJson(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  let out = '';
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (field === undefined) continue;
    const short = SHORT_DECISION.get(key);
    if (short === undefined && LONG_DECISION.has(key)) return undefined;
    const json = JSON.stringify(field);
    if (json === undefined) continue;
    out += `${out === '' ? '' : ','}${JSON.stringify(short ?? key)}:${json}`;
  }
  return `{${out}}`;
}

/** A decision of a compact line, with its long keys back. */
function decodeDecision(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  // Own data properties, whatever the key: an assignment to `__proto__` would replace the prototype instead.
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, field]) => [LONG_DECISION.get(key) ?? key, field]),
  );
}

/** The event of a parsed compact line, or what is wrong with it. */
function decodeEvent(value: Record<string, unknown>): AuditEvent | string {
  if ('e' in value) {
    const event = value['e'] as { type?: unknown } | null;
    if (Object.keys(value).length !== 4) return 'fields beside `e`';
    if (typeof event !== 'object' || event === null || Array.isArray(event) || typeof event.type !== 'string') {
      return '`e` is not an event';
    }
    return event as AuditEvent;
  }
  const record: Record<string, unknown> = { v: ACTION_MODEL_VERSION, type: 'action', ...ACTION_DEFAULTS };
  for (const [short, field] of Object.entries(value)) {
    if (short === 'v' || short === 's' || short === 'h') continue;
    const long = LONG_ACTION.get(short);
    if (long === undefined) return `unknown field \`${short}\``;
    if (long === 'policies') {
      if (!Array.isArray(field)) return '`p` is not a list';
      const policies: Record<string, unknown>[] = [];
      for (const policy of field as unknown[]) {
        if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) return 'a policy is not an object';
        const outcome: Record<string, unknown> = { ...POLICY_DEFAULTS };
        for (const [key, item] of Object.entries(policy as Record<string, unknown>)) {
          const name = LONG_POLICY.get(key);
          if (name === undefined) return `unknown policy field \`${key}\``;
          outcome[name] = item;
        }
        policies.push(outcome);
      }
      record[long] = policies;
    } else if (long === 'decisions') {
      if (typeof field !== 'object' || field === null) return '`d` is not an object';
      const { b, a } = field as { b?: unknown; a?: unknown };
      record[long] = {
        ...(b === undefined ? {} : { before: decodeDecision(b) }),
        ...(a === undefined ? {} : { after: decodeDecision(a) }),
      };
    } else {
      record[long] = field;
    }
  }
  record['decisions'] ??= {};
  if (typeof record['actionId'] !== 'string' || typeof record['capability'] !== 'string') {
    return 'an action record without `a` or `c`';
  }
  return record as unknown as AuditEvent;
}
