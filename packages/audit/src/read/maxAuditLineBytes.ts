/**
 * The longest line, in bytes without its newline, that the log readers (`readAuditRecords`, `streamAuditEvents`,
 * `tailAuditEvents`, `auditStats`, `verifyAuditLog`) hold and parse: 64 MiB. A longer line is not a record: the
 * readers skip it and `verifyAuditLog` reports it as `malformed`, naming its length, without ever holding it, so a
 * log of any size, whatever its lines, is read in bounded memory and linear time.
 */
export const MAX_AUDIT_LINE_BYTES = 64 * 1024 * 1024;
