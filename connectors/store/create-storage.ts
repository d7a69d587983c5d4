/**
 * The composition of storage from configuration: `HM_STORE=sqlite` (default; one file at
 * HM_SQLITE_PATH, for a single bot instance and the CLI) or `HM_STORE=azure-blob` (one container shared
 * by several bot instances). Both give the core's Store and AuditLog ports; the bot keeps no state of
 * its own (link sessions, conversation references, requests and jobs are documents in the Store).
 */
import type { DatabaseSync } from 'node:sqlite';
import { BlobServiceClient } from '@azure/storage-blob';
import type { AppConfig } from '../../config/config.ts';
import { DomainError } from '../../core/errors.ts';
import type { AuditLog, Clock, Store } from '../../core/ports.ts';
import { openSqliteDatabase } from './sqlite-database.ts';
import { createSqliteStore } from './sqlite-store.ts';
import { createSqliteAuditLog } from './sqlite-audit-log.ts';
import { createBlobStore } from './blob-store.ts';
import { createBlobAuditLog } from './blob-audit-log.ts';
import { blobError } from './blob-errors.ts';

/** What the composition root wires: the core's ports. */
export interface Storages {
  readonly store: Store;
  readonly audit: AuditLog;
  /** Release the file handle (SQLite); a no-op for Azure. */
  close(): void;
}

/** SQLite at `path` (created when absent; `':memory:'` for a throwaway database). */
export const createSqliteStorage = (path: string, clock?: Clock): Storages => {
  const db: DatabaseSync = openSqliteDatabase(path);
  return {
    store: createSqliteStore(db),
    audit: createSqliteAuditLog(db, clock),
    close: () => {
      if (db.isOpen) db.close();
    },
  };
};

/** Azure Blob Storage: documents and audit entries in one container (created when absent). */
export const createBlobStorage = async (
  connectionString: string,
  containerName: string,
  clock?: Clock,
): Promise<Storages> => {
  const container =
    BlobServiceClient.fromConnectionString(connectionString).getContainerClient(containerName);
  try {
    await container.createIfNotExists();
  } catch (e) {
    throw blobError(`open the container '${containerName}'`, containerName, e);
  }
  return {
    store: createBlobStore(container),
    audit: createBlobAuditLog(container, clock),
    close: () => undefined,
  };
};

/** Storage as configured (HM_STORE and its settings). Throws CONFIG.INVALID naming a missing key. */
export const createStorage = async (config: AppConfig, clock?: Clock): Promise<Storages> => {
  const { env } = config;
  if (env.HM_STORE === 'sqlite') return createSqliteStorage(env.HM_SQLITE_PATH, clock);
  if (env.AZURE_STORAGE_CONNECTION_STRING === undefined) {
    throw new DomainError(
      'CONFIG.INVALID',
      'Configuration is invalid: AZURE_STORAGE_CONNECTION_STRING: required when HM_STORE=azure-blob',
      { details: { problems: ['AZURE_STORAGE_CONNECTION_STRING: required when HM_STORE=azure-blob'] } },
    );
  }
  return createBlobStorage(env.AZURE_STORAGE_CONNECTION_STRING, env.AZURE_STORAGE_CONTAINER, clock);
};
