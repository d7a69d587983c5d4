import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../core/errors.ts';
import type { SyncProgress } from '../../../core/ports.ts';
import { addAdUser, createWorld, STAFF, type World } from './world.ts';
import { startHarness, KEY, type Harness } from './harness.ts';

let world: World;
let h: Harness;
afterEach(async () => {
  world?.sim.close();
  await h?.close();
});

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (e as DomainError).code,
  );

describe('relay agent + client over real HTTP with the Entra Connect simulator', () => {
  it('runs every operation end to end and links a hard-matched user', async () => {
    // The cycle must still run when the next request arrives: a window far above a loaded machine's
    // scheduling jitter (100 ms failed under a full parallel run).
    world = createWorld({ cycleMs: 1_000 });
    h = await startHarness(world.sim);
    const { immutableId, user } = addAdUser(world, 'paula');
    const cloud = world.tenant.createCloudUser({
      userPrincipalName: 'paula@contoso.com',
      onPremisesImmutableId: immutableId,
    });

    expect(await h.client.startDeltaSync('req-1')).toEqual({ started: true, joined: false });
    expect((await h.client.getSchedulerStatus('req-2')).syncCycleInProgress).toBe(true);
    const progress: SyncProgress[] = [];
    const idle = await h.client.waitUntilIdle('req-3', 5_000, (p) => progress.push(p));
    expect(idle.syncCycleInProgress).toBe(false);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)!.scheduler.syncCycleInProgress).toBe(false);
    expect(world.tenant.getUser(cloud.id)!.onPremisesSyncEnabled).toBe(true);

    const results = await h.client.getLastRunResults('req-4', 3);
    expect(results.map((r) => r.runProfileName)).toEqual(['Export', 'Delta Synchronization', 'Delta Import']);
    expect(await h.client.getSyncScope('req-5')).toMatchObject({ inclusions: [STAFF] });
    const single = await h.client.syncSingleObject('req-6', user.dn);
    expect(single).toMatchObject({ distinguishedName: user.dn, inScope: true });
    await h.client.restartSyncService('req-7');
    expect(world.sim.restarts).toBe(1);
    world.sim.setCycleMs(0);
    expect(await h.client.startInitialSync('req-8', true)).toEqual({ started: true });
    await h.client.waitUntilIdle('req-9', 5_000);

    expect(world.sim.calls.map((c) => c.requestId)).toContain('req-6');
    // Every operation is logged with who asked; the key never appears.
    const log = h.logs.join('');
    for (const id of ['req-1', 'req-4', 'req-7']) expect(log).toContain(`"requestId":"${id}"`);
    expect(log).toMatch(
      /"requestId":"req-1","operation":"delta-sync".*"result":\{"started":true,"joined":false\}/,
    );
    expect(log).not.toContain(KEY);
  });

  it('joins a running cycle on a second delta request and answers busy (409) to an initial sync', async () => {
    world = createWorld({ cycleMs: 2_000 });
    h = await startHarness(world.sim);
    expect(await h.client.startDeltaSync('a')).toEqual({ started: true, joined: false });
    expect(await h.client.startDeltaSync('b')).toEqual({ started: false, joined: true });
    const busy = await h.client.startInitialSync('c', true).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(DomainError);
    expect(busy).toMatchObject({
      code: 'RELAY.BUSY',
      retryable: true,
      requestId: 'c',
      details: { status: 409 },
    });
    expect(await codeOf(h.client.restartSyncService('d'))).toBe('RELAY.BUSY');
    await h.client.waitUntilIdle('e', 5_000);
    expect(world.sim.restarts).toBe(0);
  });

  it('answers a delta sync in staging mode with RELAY.STAGING_MODE (409)', async () => {
    world = createWorld({ stagingMode: true });
    h = await startHarness(world.sim);
    const err = await h.client.startDeltaSync('s').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RELAY.STAGING_MODE', details: { status: 409 } });
    expect((await h.client.getSchedulerStatus('t')).stagingModeEnabled).toBe(true);
  });

  it('times out waitUntilIdle with RELAY.TIMEOUT while a long cycle runs', async () => {
    world = createWorld({ cycleMs: 5_000 });
    h = await startHarness(world.sim);
    await h.client.startDeltaSync('x');
    const progress: SyncProgress[] = [];
    const err = await h.client.waitUntilIdle('y', 300, (p) => progress.push(p)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RELAY.TIMEOUT' });
    expect(progress.every((p) => p.scheduler.syncCycleInProgress)).toBe(true);
    expect(progress.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses a client signing with the wrong key, and refuses bad input (client-side count check, agent-side DN schema)', async () => {
    world = createWorld();
    h = await startHarness(world.sim);
    const { createRelayClient } = await import('../../../connectors/relay/relay-client.ts');
    const wrong = createRelayClient({
      url: h.agent.url,
      agentId: 'bot',
      key: 'x'.repeat(40),
      timeoutMs: 2_000,
    });
    expect(await codeOf(wrong.getSchedulerStatus('w'))).toBe('RELAY.UNAUTHORIZED');
    expect(await codeOf(h.client.getLastRunResults('w', 0))).toBe('INPUT.INVALID');
    expect(await codeOf(h.client.syncSingleObject('w', 'not a dn'))).toBe('INPUT.INVALID');
    expect(await codeOf(h.client.getSchedulerStatus('has spaces/and slashes'))).toBe('INPUT.INVALID');
    expect(world.sim.calls).toEqual([]);
  });
});
