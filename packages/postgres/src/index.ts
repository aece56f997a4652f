export { PostgresApprovalStore } from './PostgresApprovalStore.js';
export type { PostgresApprovalStoreOptions } from './PostgresApprovalStore.js';
export { migrate } from './migrate.js';
export type { MigrateOptions, MigrationResult } from './migrate.js';
export type { PostgresConnectionOptions } from './PostgresConnectionOptions.js';
export type { PostgresPool, PostgresPoolClient, PostgresQuery, PostgresResult } from './PostgresPool.js';
export type { PostgresFailureKind } from './postgresFailure.js';
export { PostgresLimitStore } from './PostgresLimitStore.js';
export type { PostgresLimitStoreOptions } from './PostgresLimitStore.js';
