export { PostgresApprovalStore } from './PostgresApprovalStore.js';
export { PostgresSessionStore } from './PostgresSessionStore.js';
export type { PostgresSessionStoreOptions } from './PostgresSessionStore.js';
export type { PostgresApprovalStoreOptions } from './PostgresApprovalStore.js';
export { migrate } from './migrate.js';
export type { MigrateOptions, MigrationResult } from './migrate.js';
export type { PostgresConnectionOptions } from './PostgresConnectionOptions.js';
export type { PostgresPool, PostgresPoolClient, PostgresQuery, PostgresResult } from './PostgresPool.js';
export type { PostgresFailureKind } from './postgresFailure.js';
