import * as audit from '@brane/audit';

describe('@brane/audit entry point', () => {
  it('exports exactly the public runtime values', () => {
    expect(Object.keys(audit).sort()).toStrictEqual([
      'ACTION_RECORD_VERSION',
      'AUDIT_EVENT_TYPES',
      'AuditDispatcher',
      'CALLER_CONTEXT',
      'COMPACT_LINE_VERSION',
      'ConsoleAuditSink',
      'DEFAULT_SECRET_PATTERNS',
      'DEFAULT_SENSITIVE_KEYS',
      'GENESIS_HASH',
      'JsonlFileSink',
      'MAX_AUDIT_LINE_BYTES',
      'MIN_SECRET_VALUE_LENGTH',
      'MemoryAuditSink',
      'OtelAuditSink',
      'REDACTED',
      'auditStats',
      'canonicalEventJson',
      'chainHash',
      'compactBody',
      'compactHash',
      'compactLine',
      'findSensitiveValues',
      'hashRecord',
      'isActionRecord',
      'isCompactLine',
      'maskSecrets',
      'maskString',
      'parseCompactLine',
      'queryAuditEvents',
      'readAuditRecords',
      'streamAuditEvents',
      'tailAuditEvents',
      'verifyAuditDirectory',
      'verifyAuditLog',
    ]);
  });
});
