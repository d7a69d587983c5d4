/**
 * Issue 12, finding 6: a captured signed request cannot be replayed after the agent restarts. The agent
 * keeps accepted nonces in HM_RELAY_NONCE_FILE (relay/nonce-journal.ts), so a second agent process on
 * the same journal refuses the replay with 401 and runs nothing; a fresh request still works; a journal
 * that cannot be written refuses requests (503) rather than accept one it could not remember.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { SchedulerStatus } from '../../../core/models.ts';
import { startRelayAgent, type RelayAgent } from '../../../relay/agent.ts';
import { RequestVerifier } from '../../../relay/auth.ts';
import { loadRelayAgentConfig } from '../../../relay/config.ts';
import { createRelayHandler } from '../../../relay/handler.ts';
import { openNonceJournal } from '../../../relay/nonce-journal.ts';
import type { OperationName } from '../../../relay/operations.ts';
import { OPERATIONS_PATH, signedHeaders } from '../../../relay/protocol.ts';
import type { ScriptRunner } from '../../../relay/script-runner.ts';

const KEY = 'r'.repeat(40);
const dir = mkdtempSync(join(tmpdir(), 'hm-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STATUS: SchedulerStatus = {
  syncCycleEnabled: true,
  stagingModeEnabled: false,
  schedulerSuspended: false,
  syncCycleInProgress: false,
  nextSyncCyclePolicyType: 'Delta',
  nextSyncCycleStartTimeInUtc: null,
  currentlyEffectiveSyncCycleIntervalMinutes: 30,
  maintenanceEnabled: true,
};

/** Counts what actually ran on "Entra Connect". */
class CountingRunner implements ScriptRunner {
  readonly runs: OperationName[] = [];
  run<N extends OperationName>(operation: N): Promise<never> {
    this.runs.push(operation);
    const answer = operation === 'delta-sync' ? { started: true, joined: false } : STATUS;
    return Promise.resolve(answer as never);
  }
}

const start = async (nonceFile: string, runner: ScriptRunner): Promise<RelayAgent> =>
  startRelayAgent({
    config: loadRelayAgentConfig({
      HM_RELAY_PORT: '0',
      HM_RELAY_KEY: KEY,
      HM_RELAY_NONCE_FILE: nonceFile,
    }),
    runner,
    logger: pino({ level: 'silent' }),
  });

/** One signed delta-sync request, as bytes and headers that can be sent again unchanged. */
const captured = () => {
  const path = `${OPERATIONS_PATH}/delta-sync`;
  const body = '{}';
  const headers = {
    'content-type': 'application/json',
    ...signedHeaders({
      key: KEY,
      agentId: 'bot',
      method: 'POST',
      path,
      body,
      requestId: `req-${Math.random()}`,
    }),
  };
  return (agent: RelayAgent) => fetch(`${agent.url}${path}`, { method: 'POST', headers, body });
};

describe('a replay after a restart', () => {
  it('is refused by the restarted agent, and runs nothing', async () => {
    const journal = join(dir, 'state', 'nonces.log');
    const runner = new CountingRunner();
    const request = captured();

    const first = await start(journal, runner);
    expect((await request(first)).status).toBe(200);
    expect((await request(first)).status).toBe(401); // the same process remembers, as before
    await first.close();
    expect(readFileSync(journal, 'utf8').trim().split('\n')).toHaveLength(1);

    const second = await start(journal, runner);
    try {
      const replay = await request(second);
      expect(replay.status).toBe(401);
      expect(await replay.json()).toMatchObject({
        error: { code: 'RELAY.UNAUTHORIZED', message: expect.stringContaining('replayed nonce') },
      });
      expect(runner.runs).toEqual(['delta-sync']);
      // A new request is not disturbed.
      expect((await captured()(second)).status).toBe(200);
      expect(runner.runs).toEqual(['delta-sync', 'delta-sync']);
    } finally {
      await second.close();
    }
  });

  it('a torn last line (a crash mid-write) and expired entries are dropped at start', () => {
    const file = join(dir, 'torn.log');
    const live = Date.now() + 60_000;
    appendFileSync(file, `${live} bot aaaaaaaaaaaaaaaaaaaa\n1 bot expired-nonce-000000\n${live} bot bbbb`);
    const j = openNonceJournal(file);
    expect(j.entries.map((e) => e.nonce)).toEqual(['aaaaaaaaaaaaaaaaaaaa']);
    j.close();
    expect(readFileSync(file, 'utf8')).toBe(`${live} bot aaaaaaaaaaaaaaaaaaaa\n`);
  });
});

describe('a journal that cannot be written', () => {
  it('stops the agent at start with HM_RELAY_NONCE_FILE named', async () => {
    const runner = new CountingRunner();
    await expect(start(join(dir, 'x'.repeat(300)), runner)).rejects.toMatchObject({
      code: 'CONFIG.INVALID',
      message: expect.stringContaining('HM_RELAY_NONCE_FILE'),
    });
  });

  it('refuses a request it cannot record (503, retry later), and runs nothing', async () => {
    const runner = new CountingRunner();
    const verifier = new RequestVerifier({
      agents: new Map([['bot', [KEY]]]),
      clockSkewSeconds: 300,
      journal: {
        entries: [],
        record: () => {
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        },
      },
    });
    const handler = createRelayHandler({
      runner,
      verifier,
      logger: pino({ level: 'silent' }),
      maxBodyBytes: 16_384,
    });
    const path = `${OPERATIONS_PATH}/delta-sync`;
    const headers = {
      'content-type': 'application/json',
      ...signedHeaders({ key: KEY, agentId: 'bot', method: 'POST', path, body: '{}', requestId: 'req-full' }),
    };
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const res = await handler({ method: 'POST', path, headers: lower, body: Buffer.from('{}') });
    expect(res).toMatchObject({ status: 503, body: { error: { code: 'RELAY.UNAVAILABLE' } } });
    expect(runner.runs).toEqual([]);
    expect(verifier.rememberedNonces).toBe(0);
  });
});
