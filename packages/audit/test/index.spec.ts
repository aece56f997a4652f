import * as audit from '@brane/audit';

describe('@brane/audit entry point', () => {
  it('exports exactly the public runtime values', () => {
    expect(Object.keys(audit).sort()).toStrictEqual([
      'ACTION_RECORD_VERSION',
      'AUDIT_EVENT_TYPES',
      'AuditDispatcher',
      'CALLER_CONTEXT',
      'ConsoleAuditSink',
      'DEFAULT_SECRET_PATTERNS',
      'DEFAULT_SENSITIVE_KEYS',
      'GENESIS_HASH',
      'JsonlFileSink',
      'MIN_SECRET_VALUE_LENGTH',
      'MemoryAuditSink',
      'OtelAuditSink',
      'REDACTED',
      'auditStats',
      'canonicalEventJson',
      'chainHash',
      'findSensitiveValues',
      'hashRecord',
      'isActionRecord',
      'maskSecrets',
      'maskString',
      'queryAuditEvents',
      'readAuditRecords',
      'streamAuditEvents',
      'tailAuditEvents',
      'verifyAuditDirectory',
      'verifyAuditLog',
    ]);
  });
});
