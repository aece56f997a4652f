import { AuditTrail } from '../audit/AuditTrail.js';
import { registerFeature, type AuditFeature, type RuntimeFeature } from './RuntimeFeatures.js';

const auditFeature: AuditFeature = Object.freeze({
  name: 'audit',
  create: (options) => new AuditTrail(options),
} satisfies AuditFeature);

/**
 * Registers the audit trail (`audit` options: sinks, masking, the dispatcher) for every runtime made from now on.
 * Node does this when it loads Brane; an app bundled without it calls it once at start. Calling it again changes
 * nothing.
 *
 * @example
 * import { useAudit, Runtime, MemoryAuditSink } from '@brane/sdk';
 * useAudit();
 * const runtime = new Runtime({ audit: { sinks: [new MemoryAuditSink()] } });
 */
export function useAudit(): RuntimeFeature {
  return registerFeature(auditFeature);
}
