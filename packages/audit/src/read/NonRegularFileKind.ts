/**
 * What a log or head file is when it is not a regular file, which the readers, the verifiers and `JsonlFileSink`
 * refuse at once (`INVALID_ARGUMENT`, `details: { file, kind }`) rather than read or wait on: a `'directory'`, a
 * `'fifo'` (a named pipe), a `'socket'`, a `'device'` (a character or block device, `/dev/null` too), or `'other'`
 * (a type of file the platform reports that is none of these).
 */
export type NonRegularFileKind = 'directory' | 'fifo' | 'socket' | 'device' | 'other';
