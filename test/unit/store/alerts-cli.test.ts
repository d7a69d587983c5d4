// `hardmatch alerts`: what the watcher has open, read from the bot's store - the same repository and
// state index the bot uses - as a table or one JSON document.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertsRepository } from '../../../app/repositories/alerts.ts';
import { runCli } from '../../../cli/run-cli.ts';
import { nextRecord } from '../../../core/alerts/lifecycle.ts';
import { createSqliteStorage } from '../../../connectors/store/create-storage.ts';
import { heartbeat, syncErrors } from '../cards/alert-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'hm-alerts-cli-'));
const file = join(dir, 'hm.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (env: Record<string, string>, ...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['alerts', ...argv], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { HM_SQLITE_PATH: file, ...env },
  });
  return { code, out, err };
};
const ON = { HM_ALERTS_CONVERSATION_ID: '19:ops@thread.tacv2' };
const now = new Date('2026-12-08T01:00:00Z');

describe('hardmatch alerts', () => {
  it('none open; with the watcher off it says so', async () => {
    expect(await run({})).toMatchObject({
      code: 0,
      out: ['The watcher is off (HM_ALERTS_CONVERSATION_ID is not set).', 'No open sync-health alerts.'],
    });
  });

  it('lists the open ones (not the resolved) with their state, and the muted kinds; --json for scripts', async () => {
    const s = createSqliteStorage(file);
    const repo = alertsRepository(s.store, { now: () => now });
    const open = (v: typeof heartbeat) =>
      repo.update(v.id, (cur) => nextRecord(cur, v, { now, mute: null, unsure: false }).record);
    await open(heartbeat);
    await open(syncErrors);
    await open({ ...heartbeat, id: 'stale-sync', kind: 'stale-sync' });
    await repo.update(
      'stale-sync',
      (cur) => nextRecord(cur, null, { now, mute: null, unsure: false }).record,
    );
    await repo.setMute('sync-errors', { by: { id: 'sam', name: 'Senior Sam' }, at: now.toISOString() });
    s.close();

    const plain = await run(ON);
    expect(plain.code).toBe(0);
    expect(plain.out[0]).toMatch(/^SEVERITY\s+ID\s+SINCE\s+STATE\s+TITLE$/);
    expect(plain.out.slice(1, 3).map((l) => l.split(/\s{2,}/).slice(0, 4))).toEqual([
      ['warning', 'password-sync.heartbeat', '2026-12-08T01:00:00.000Z', 'not posted'],
      ['warning', 'sync-errors.0123456789ab', '2026-12-08T01:00:00.000Z', 'muted'],
    ]);
    expect(plain.out).toContain('Muted: sync-errors (by Senior Sam at 2026-12-08T01:00:00.000Z)');
    expect(plain.out.join('\n')).not.toContain('stale-sync');

    const json = await run(ON, '--json');
    const doc = JSON.parse(json.out[0]!) as {
      watcher: unknown;
      open: { id: string; muted: boolean }[];
      muted: unknown[];
    };
    expect(doc.watcher).toEqual({ conversationId: '19:ops@thread.tacv2', intervalSeconds: 300 });
    expect(doc.open.map((a) => [a.id, a.muted])).toEqual([
      ['password-sync.heartbeat', false],
      ['sync-errors.0123456789ab', true],
    ]);
    expect(doc.muted).toEqual([{ kind: 'sync-errors', by: 'Senior Sam', at: '2026-12-08T01:00:00.000Z' }]);
  });
});
