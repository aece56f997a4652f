import type { AuditResults, Throughput } from '../suites/auditSuite.js';
import { formatNs, perSecond, table } from './formatMarkdown.js';

/** The audit suite's rates, beside pino writing the same bytes and AGT's published figure. */
export function renderAudit(audit: AuditResults): string {
  const rows = [
    [
      `JSONL sink, async durability, ${audit.asyncSustained.actions.toLocaleString('en-US')} async recipe calls, 64 at a time (close and fsync included)`,
      perSecondWithCpu(audit.asyncSustained),
    ],
    [
      'the same calls without an audit trail (the ceiling: what the governed calls alone cost)',
      perSecondWithCpu(audit.asyncReference.unaudited),
    ],
    [
      'the same calls with a sink that only counts its records (the audit pipeline without serialising or I/O)',
      perSecondWithCpu(audit.asyncReference.counting),
    ],
    [
      `pino (async destination) writing as many ${audit.bytesPerAction.toFixed(0)}-byte records to the same disk, then fsync`,
      perSecondWithCpu(audit.pino),
    ],
    ...audit.durableByCallers.map((each) => [
      `\`durability: 'sync'\`, ${each.callers} concurrent async caller${each.callers === 1 ? '' : 's'} (group commit)`,
      perSecond(each.perSecond),
    ]),
    ['bytes per recipe action in the JSONL log', `${audit.bytesPerAction.toFixed(0)} bytes`],
    [
      "one recipe record's line built and chained in memory: compact (format 3) beside sorted keys (format 2)",
      `${formatNs(audit.lineCost.compact.avgNs)} (${audit.lineCost.compact.bytes} bytes) vs ${formatNs(audit.lineCost.sorted.avgNs)} (${audit.lineCost.sorted.bytes} bytes): ${(audit.lineCost.sorted.avgNs / audit.lineCost.compact.avgNs).toFixed(1)}× less`,
    ],
    [
      `a ${audit.burst.actions.toLocaleString('en-US')}-call synchronous burst with \`audit: {}\``,
      `${perSecond(audit.burst.perSecond)}; ${audit.burst.denied} denied, ${audit.burst.actions - audit.burst.recorded} lost, ${audit.burst.verified ? 'the log verifies' : '**the log does not verify**'}`,
    ],
    ["Microsoft's Agent Governance Toolkit, an audit write (published, Python; not measured here)", '7 µs p50'],
  ];
  return table(['case', 'result'], rows);
}

/** A rate, with the process's CPU time per action when measured (all threads: the file writes and syncs too). */
function perSecondWithCpu(rate: Throughput): string {
  const cpu = rate.cpuMicrosPerAction;
  return cpu === undefined ? perSecond(rate.perSecond) : `${perSecond(rate.perSecond)} (${cpu.toFixed(1)} µs CPU each)`;
}
