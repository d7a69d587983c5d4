/**
 * botbuilder's `Storage` (conversation and user state) on the same SQLite file, for the single-instance
 * default. Same contract as botbuilder's MemoryStorage and BlobsStorage: an item whose `eTag` is absent or
 * `*` is written unconditionally; any other `eTag` must match the stored one or the write throws.
 */
import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { Storage, StoreItems } from 'botbuilder';
import { inTransaction, storeUnavailable } from './sqlite-database.ts';
import { conflict } from './keys.ts';
import { isDomainError } from '../../core/errors.ts';

/** A botbuilder Storage over an open database (see openSqliteDatabase). */
export const createSqliteBotStorage = (db: DatabaseSync): Storage => {
  const select = db.prepare('SELECT value, etag FROM bot_state WHERE key = ?');
  const upsert = db.prepare(
    'INSERT INTO bot_state (key, value, etag) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag',
  );
  const replaceIf = db.prepare('UPDATE bot_state SET value = ?, etag = ? WHERE key = ? AND etag = ?');
  const insertNew = db.prepare(
    'INSERT INTO bot_state (key, value, etag) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const remove = db.prepare('DELETE FROM bot_state WHERE key = ?');

  return {
    read(keys: string[]): Promise<StoreItems> {
      try {
        const items: StoreItems = {};
        for (const key of keys) {
          const row = select.get(key) as { value: string; etag: string } | undefined;
          if (row !== undefined) items[key] = { ...(JSON.parse(row.value) as object), eTag: row.etag };
        }
        return Promise.resolve(items);
      } catch (e) {
        return Promise.reject(storeUnavailable('read conversation state', e));
      }
    },
    write(changes: StoreItems): Promise<void> {
      try {
        // All-or-nothing: a turn's state is saved whole or not at all.
        inTransaction(db, () => {
          for (const [key, item] of Object.entries(changes)) {
            const { eTag, ...rest } = (item ?? {}) as { eTag?: string };
            const json = JSON.stringify(rest);
            const next = randomUUID();
            if (eTag === undefined || eTag === '*' || eTag === '') {
              upsert.run(key, json, next);
            } else if (Number(replaceIf.run(json, next, key, eTag).changes) === 0) {
              // A stale eTag on an absent item is a new item for MemoryStorage; keep that behaviour.
              if (Number(insertNew.run(key, json, next).changes) === 0) throw conflict(key, 'eTag mismatch');
            }
          }
        });
        return Promise.resolve();
      } catch (e) {
        return Promise.reject(isDomainError(e) ? e : storeUnavailable('save conversation state', e));
      }
    },
    delete(keys: string[]): Promise<void> {
      try {
        inTransaction(db, () => keys.forEach((k) => remove.run(k)));
        return Promise.resolve();
      } catch (e) {
        return Promise.reject(storeUnavailable('delete conversation state', e));
      }
    },
  };
};
