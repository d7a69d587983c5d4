import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../../../connectors/store/create-storage.ts';
import { describeRepositoryContract } from '../../contract/repositories.contract.ts';
import { describeStoreContract, type StoreBackend } from '../../contract/store.contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'hm-sqlite-'));
const file = join(dir, 'nested', 'hardmatch.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const raw = (sql: string, id: string): Promise<void> => {
  const db = new DatabaseSync(file);
  try {
    db.prepare(sql).run(id);
    return Promise.resolve();
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  } finally {
    db.close();
  }
};

const backend: StoreBackend = {
  open: () => {
    const s = createSqliteStorage(file);
    return Promise.resolve({ store: s.store, audit: s.audit, close: () => s.close() });
  },
  rewriteAuditRecord: (id) => raw(`UPDATE audit SET entry = '{"forged":true}' WHERE id = ?`, id),
  deleteAuditRecord: (id) => raw('DELETE FROM audit WHERE id = ?', id),
};

describeStoreContract('SQLite file', () => backend);

describe('SQLite file specifics', () => {
  it('creates the file and its folder on first start, in WAL mode', () => {
    const s = createSqliteStorage(join(dir, 'fresh', 'a.sqlite'));
    s.close();
    const db = new DatabaseSync(join(dir, 'fresh', 'a.sqlite'));
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type IN ('table','trigger') ORDER BY name")
      .all();
    db.close();
    expect(tables.map((t) => t['name'])).toEqual(
      expect.arrayContaining(['audit', 'audit_no_delete', 'audit_no_update', 'documents']),
    );
  });

  it('works in memory for throwaway use', async () => {
    const s = createSqliteStorage(':memory:');
    await s.store.put('a/b', { x: 1 }, null);
    expect((await s.store.get('a/b'))?.value).toEqual({ x: 1 });
    s.close();
  });
});

describeRepositoryContract('SQLite', () => backend);
