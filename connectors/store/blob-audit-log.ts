/**
 * The AuditLog port on Azure Blob Storage: one small JSON blob per entry under `audit/`, written with
 * `If-None-Match: *` so an entry can be created but never overwritten through this product. Names sort
 * newest first (inverted time), so `recent(n)` is one listing page. Tamper-proofing against someone
 * holding the account key is the storage account's job: put a time-based immutability policy (with
 * protected append writes) on the container - see the deployment notes.
 */
import { randomUUID } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import type { AuditEntry, AuditLog, AuditRecord, Clock } from '../../core/ports.ts';
import { blobError } from './blob-errors.ts';

const PREFIX = 'audit/';
const MAX_MS = 9_999_999_999_999;
const MAX_SEQ = 9_999;

const systemClock: Clock = { now: () => new Date() };

const readRecord = async (container: ContainerClient, name: string): Promise<AuditRecord> =>
  JSON.parse((await container.getBlockBlobClient(name).downloadToBuffer()).toString('utf8')) as AuditRecord;

/** An AuditLog in `container` (created by createStorage when absent); instances may share it. */
export const createBlobAuditLog = (container: ContainerClient, clock: Clock = systemClock): AuditLog => {
  // Entries appended by one process within one millisecond keep their order through a sequence number;
  // across processes, entries of the same millisecond have no meaningful order anyway.
  let lastMs = 0;
  let seq = 0;
  const nextName = (ms: number): string => {
    if (ms <= lastMs) seq = Math.min(seq + 1, MAX_SEQ);
    else seq = 0;
    lastMs = Math.max(ms, lastMs);
    const inverted = String(MAX_MS - lastMs).padStart(13, '0');
    return `${PREFIX}${inverted}-${String(MAX_SEQ - seq).padStart(4, '0')}-${randomUUID()}.json`;
  };

  return {
    async append(entry: AuditEntry) {
      const now = clock.now();
      const record: AuditRecord = { ...entry, id: randomUUID(), at: now.toISOString() };
      const body = JSON.stringify(record);
      try {
        await container.getBlockBlobClient(nextName(now.getTime())).upload(body, Buffer.byteLength(body), {
          conditions: { ifNoneMatch: '*' },
          blobHTTPHeaders: { blobContentType: 'application/json' },
        });
        return record;
      } catch (e) {
        throw blobError('write the audit log', record.id, e);
      }
    },
    async recent(limit: number) {
      const n = Math.max(0, Math.floor(limit));
      if (n === 0) return [];
      try {
        const names: string[] = [];
        for await (const page of container
          .listBlobsFlat({ prefix: PREFIX })
          .byPage({ maxPageSize: Math.min(n, 5000) })) {
          for (const item of page.segment.blobItems) if (names.length < n) names.push(item.name);
          if (names.length >= n) break;
        }
        return await Promise.all(names.map((name) => readRecord(container, name)));
      } catch (e) {
        throw blobError('read the audit log', 'audit', e);
      }
    },
  };
};
