/**
 * Why a log could not be read, by the Node error code: gone (`ENOENT`), not permitted (`EACCES`, `EPERM`), out of
 * file descriptors or memory (`EMFILE`, `ENFILE`, `ENOMEM`), or any other failure of the file system (`io`).
 */
export type AuditReadFailureKind = 'missing' | 'denied' | 'exhausted' | 'io';
