/**
 * The Store port on the SQLite file. Every write is one SQL statement whose WHERE clause is the
 * concurrency check (insert-if-absent, update-if-etag-matches), so two processes on the same file cannot
 * both win: SQLite serialises writers and the loser sees zero changed rows.
 */
import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { isDomainError } from '../../core/errors.ts';
import type { Store, Versioned } from '../../core/ports.ts';
import { storeUnavailable } from './sqlite-database.ts';
import { assertKey, assertPrefix, conflict } from './keys.ts';

interface Row {
  readonly key: string;
  readonly value: string;
  readonly etag: string;
}

const guard = <T>(operation: string, body: () => T): Promise<T> => {
  try {
    return Promise.resolve(body());
  } catch (e) {
    return Promise.reject(isDomainError(e) ? e : storeUnavailable(operation, e));
  }
};

/**
 * The smallest string greater than every string that starts with `prefix` (keys are ASCII, see keys.ts),
 * so `key >= prefix AND key < upperBound(prefix)` is the prefix as an index range.
 */
const upperBound = (prefix: string): string =>
  prefix === ''
    ? '\u{10FFFF}'
    : prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);

/** A Store over an open database (see openSqliteDatabase). Several instances may share one file. */
export const createSqliteStore = (db: DatabaseSync): Store => {
  const getRow = db.prepare('SELECT key, value, etag FROM documents WHERE key = ?');
  const insert = db.prepare(
    'INSERT INTO documents (key, value, etag) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const replace = db.prepare('UPDATE documents SET value = ?, etag = ? WHERE key = ? AND etag = ?');
  const remove = db.prepare('DELETE FROM documents WHERE key = ?');
  const removeIf = db.prepare('DELETE FROM documents WHERE key = ? AND etag = ?');
  const listAll = db.prepare(
    'SELECT key, value, etag FROM documents WHERE substr(key, 1, ?) = ? ORDER BY key',
  );
  // A range on the primary key (not substr) so SQLite walks the index instead of scanning every row.
  const listKeys = db.prepare('SELECT key FROM documents WHERE key >= ? AND key < ? ORDER BY key');

  return {
    get<T>(key: string) {
      return guard('read a document', (): Versioned<T> | null => {
        assertKey(key);
        const row = getRow.get(key) as Row | undefined;
        return row === undefined ? null : { value: JSON.parse(row.value) as T, etag: row.etag };
      });
    },
    put<T>(key: string, value: T, etag: string | null) {
      return guard('save a document', () => {
        assertKey(key);
        const json = JSON.stringify(value);
        const next = randomUUID();
        if (etag === null) {
          if (Number(insert.run(key, json, next).changes) === 0) throw conflict(key, 'it already exists');
        } else if (Number(replace.run(json, next, key, etag).changes) === 0) {
          throw conflict(key, 'its version changed');
        }
        return next;
      });
    },
    delete(key: string, etag?: string) {
      return guard('delete a document', () => {
        assertKey(key);
        if (etag === undefined) {
          remove.run(key);
        } else if (Number(removeIf.run(key, etag).changes) === 0) {
          throw conflict(key, 'its version changed or it is gone');
        }
      });
    },
    list<T>(prefix: string) {
      return guard('list documents', () => {
        assertPrefix(prefix);
        const rows = listAll.all(prefix.length, prefix) as unknown as Row[];
        return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) as T, etag: r.etag }));
      });
    },
    keys(prefix: string) {
      return guard('list document keys', () => {
        assertPrefix(prefix);
        const rows = listKeys.all(prefix, upperBound(prefix)) as unknown as { key: string }[];
        return rows.map((r) => r.key);
      });
    },
  };
};
