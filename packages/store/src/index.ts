export type {
  WorkflowRow,
  WorkflowVersionRow,
  WorkflowVersionMeta,
  SaveVersionInput,
  WorkflowListOptions,
  WorkflowRepo,
  RunListFilter,
  RunPage,
  RunWithSteps,
  RunQueries,
  SecretRow,
  SecretMeta,
  SecretRepo,
  TokenRole,
  TokenRow,
  TokenRepo,
  TriggerStateRow,
  TriggerStateRepo,
  WebhookOutcome,
  WebhookDelivery,
  WebhookRepo,
  Repositories,
  WeftStore,
} from './repos';
export type {
  AuditEntry,
  AuditFilter,
  AuditOutcome,
  AuditPage,
  AuditRepo,
  NewAuditEntry,
  PruneOptions,
  PruneRecord,
  PruneResult,
  RetentionRepo,
} from './ops-repos';
export type {
  DeliveryFilter,
  DeliveryOutcome,
  DeliveryPage,
  DeliveryState,
  NewDelivery,
  NotificationDelivery,
  NotificationRepo,
  TriggerPause,
  TriggerPauseRepo,
} from './schedule-repos';
export type { StoreErrorCode } from './errors';
export { StoreError, isStoreError } from './errors';
export type { SqliteUrl, PostgresUrl } from './open-store';
export { openStore, parseStoreUrl } from './open-store';
export type { SqliteOptions } from './sqlite/sqlite-store';
export { SqliteStore } from './sqlite/sqlite-store';
export type { PostgresOptions } from './postgres/postgres-store';
export type { RestoreResult, SqliteFileSummary } from './backup';
export { backupSqlite, inspectSqliteFile, restoreSqlite } from './backup';
export type { CopyReport, TableCopy } from './copy-to-postgres';
export { copySqliteToPostgres, schemaTables } from './copy-to-postgres';
