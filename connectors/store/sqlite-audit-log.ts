/**
 * The AuditLog port on the SQLite file: an insert-only table whose triggers refuse UPDATE and DELETE,
 * so the history cannot be rewritten through this product or beside it.
 */
import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { AuditEntry, AuditLog, AuditRecord, Clock } from '../../core/ports.ts';
import { storeUnavailable } from './sqlite-database.ts';

const systemClock: Clock = { now: () => new Date() };

/** An AuditLog over an open database (see openSqliteDatabase). */
export const createSqliteAuditLog = (db: DatabaseSync, clock: Clock = systemClock): AuditLog => {
  const insert = db.prepare('INSERT INTO audit (id, at, entry) VALUES (?, ?, ?)');
  const recent = db.prepare('SELECT entry FROM audit ORDER BY seq DESC LIMIT ?');
  return {
    append(entry: AuditEntry) {
      const record: AuditRecord = { ...entry, id: randomUUID(), at: clock.now().toISOString() };
      try {
        insert.run(record.id, record.at, JSON.stringify(record));
        return Promise.resolve(record);
      } catch (e) {
        return Promise.reject(storeUnavailable('write the audit log', e));
      }
    },
    recent(limit: number) {
      try {
        const rows = recent.all(Math.max(0, Math.floor(limit))) as unknown as { entry: string }[];
        return Promise.resolve(rows.map((r) => JSON.parse(r.entry) as AuditRecord));
      } catch (e) {
        return Promise.reject(storeUnavailable('read the audit log', e));
      }
    },
  };
};
