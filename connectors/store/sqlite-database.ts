/**
 * The embedded default store: one SQLite file (node:sqlite, no native addon) holding the documents
 * (requests, jobs, link sessions, conversation references) and the append-only audit log. Created on
 * first start. WAL lets several processes (a crashed runner's successor, the CLI) read while one writes;
 * synchronous=FULL because "a crash loses nothing" must hold for the job journal.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DomainError } from '../../core/errors.ts';

/** How long a writer waits for another process's write lock before STORE.UNAVAILABLE. */
const BUSY_TIMEOUT_MS = 5_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL CHECK (json_valid(value)),
  etag  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS audit (
  seq   INTEGER PRIMARY KEY AUTOINCREMENT,
  id    TEXT NOT NULL UNIQUE,
  at    TEXT NOT NULL,
  entry TEXT NOT NULL CHECK (json_valid(entry))
);
-- Append-only in the database itself, not just in our API: a stray UPDATE/DELETE (a script, a future
-- bug, someone with sqlite3 on the box) fails loudly instead of rewriting history.
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: update refused'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: delete refused'); END;
`;

/** Turn a SQLite failure into the domain's "storage is unavailable" (retryable: busy, I/O). */
export const storeUnavailable = (operation: string, cause: unknown): DomainError =>
  new DomainError('STORE.UNAVAILABLE', `The local store could not ${operation}. Try again in a moment.`, {
    cause,
    retryable: true,
    details: { operation },
  });

/**
 * Open (creating when absent) the SQLite file at `path`; `':memory:'` gives a private in-memory database
 * for tests. The schema is idempotent, so every process may open the same file.
 */
export const openSqliteDatabase = (path: string): DatabaseSync => {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { timeout: BUSY_TIMEOUT_MS });
    // journal_mode is persistent in the file; setting it each open is cheap and makes old files WAL too.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;');
    db.exec(`BEGIN IMMEDIATE; ${SCHEMA} COMMIT;`);
  } catch (e) {
    throw storeUnavailable('open its database file', e);
  }
  return db;
};

/**
 * Run `body` in one IMMEDIATE transaction (the write lock is taken up front, so two processes never both
 * read-then-write on stale data). Rolls back on any error.
 */
export const inTransaction = <T>(db: DatabaseSync, body: () => T): T => {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = body();
    db.exec('COMMIT');
    return result;
  } catch (e) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw e;
  }
};
