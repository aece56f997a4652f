// `node benchmarks/scripts/generateAuditLog.mjs <file> [records]`: writes a JSONL audit log of `records` (default
// 10,000,000) recipe action records and its head file, chained exactly as JsonlFileSink chains them, to time
// `brane audit query|tail|stats|verify` over a large log. Records are built with their keys already sorted, so
// `JSON.stringify` gives their canonical JSON. The log is big (about 1 KB a record): never commit it.
import * as crypto from 'node:crypto';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';

const [file, countText = '10000000'] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: generateAuditLog.mjs <file> [records]');
const count = Number(countText);
const sha256 = (text) => crypto.hash('sha256', text, 'hex');
const capabilities = ['refund_customer', 'lookup_order', 'send_email', 'wire_funds'];
const tenants = ['tenant_acme', 'tenant_globex', 'tenant_initech'];
const start = Date.parse('2026-01-01T00:00:00.000Z');

function record(n) {
  const denied = n % 50 === 0;
  const id = n.toString(36).toUpperCase().padStart(26, '0');
  const decision = denied
    ? {
        decisionId: `D${id.slice(1)}`,
        policyName: 'refund_amount_limit',
        policyVersion: '1.0',
        reason: 'Refund exceeds the tenant limit',
        type: 'deny',
      }
    : { decisionId: `D${id.slice(1)}`, policyName: 'refund_amount_limit', policyVersion: '1.0', type: 'allow' };
  const policy = (name, outcome) => ({ decision: outcome, durationMs: 0.003, name, stage: 'before', version: '1.0' });
  return {
    actionId: `A${id.slice(1)}`,
    agentId: 'support-agent',
    args: { amountUsd: 75 + (n % 500), customerId: `cust_${n % 1000}` },
    capability: capabilities[n % capabilities.length],
    capabilityType: 'tool',
    decisions: { before: decision },
    durationMs: 0.084,
    effect: { external: true, type: 'financial' },
    environment: 'prod',
    ...(denied ? {} : { executionMs: 0.004 }),
    outcome: denied ? 'denied' : 'allowed',
    phase: 'completed',
    policies: [
      policy('refund_require_prod', 'allow'),
      policy('refund_scope_check', 'allow'),
      policy('refund_amount_limit', denied ? 'deny' : 'allow'),
    ],
    ...(denied ? { reason: 'Refund exceeds the tenant limit' } : {}),
    risk: 'high',
    scopes: ['refunds:create'],
    ...(denied ? { stage: 'before' } : {}),
    tenantId: tenants[n % tenants.length],
    time: new Date(start + n * 10).toISOString(),
    traceId: `T${id.slice(1)}`,
    type: 'action',
    v: 2,
  };
}

const fd = openSync(file, 'w');
let prev = '0'.repeat(64);
let lines = [];
const started = performance.now();
for (let seq = 1; seq <= count; seq++) {
  const json = JSON.stringify(record(seq));
  const hash = sha256(`${prev}\n{"event":${json},"seq":${seq}}`);
  lines.push(`{"seq":${seq},"prev":"${prev}","hash":"${hash}","event":${json}}\n`);
  prev = hash;
  if (lines.length === 10_000 || seq === count) {
    writeSync(fd, lines.join(''));
    lines = [];
  }
  if (seq % 1_000_000 === 0)
    process.stderr.write(`${seq} records, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
closeSync(fd);
writeFileSync(`${file}.head`, `${JSON.stringify({ seq: count, hash: prev, updatedAt: new Date().toISOString() })}\n`);
