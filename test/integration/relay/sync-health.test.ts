// The simulator's answers the sync-health watcher reads, as the relay agent's schemas check them: the
// scheduler's switches, the sync's credential, and a stalled password hash sync heartbeat that only the
// ADSync restart clears (Learn: how-to-connect-health-alert-catalog).
import { afterEach, describe, expect, it } from 'vitest';
import { operationResultSchemas } from '../../../relay/operations.ts';
import { createWorld, deltaSync, type World } from './world.ts';

let world: World;
afterEach(() => {
  world?.sim.close();
  expect(world?.cycleErrors ?? []).toEqual([]);
});
const ctx = { requestId: 't' };

describe('Entra Connect simulator: what the watcher reads', () => {
  it('the scheduler says what an admin or an upgrade switched', async () => {
    world = createWorld();
    world.sim.setSchedulerSwitches({ syncCycleEnabled: false, schedulerSuspended: true });
    const s = await world.sim.run('scheduler-status', {}, ctx);
    expect(s).toMatchObject({ syncCycleEnabled: false, schedulerSuspended: true });
    expect(operationResultSchemas['scheduler-status'].safeParse(s).success).toBe(true);
  });

  it('sync-credential: by default an application with a certificate Connect manages (expiry unreadable)', async () => {
    world = createWorld();
    const c = await world.sim.run('sync-credential', {}, ctx);
    expect(c).toMatchObject({ identityType: 'Application', certificateNotAfter: null, eventLogRead: true });
    expect(operationResultSchemas['sync-credential'].safeParse(c).success).toBe(true);
    world.sim.setCredential({ ...c, identityType: 'ServiceAccount', applicationId: null });
    expect((await world.sim.run('sync-credential', {}, ctx)).identityType).toBe('ServiceAccount');
  });

  it('a stalled password sync: cycles go on without it; the service restart brings it back', async () => {
    world = createWorld();
    world.tenant.recordPasswordSync('2026-12-01T00:00:00Z');
    world.sim.stallPasswordSync();
    await deltaSync(world);
    const org = world.tenant.getOrganization();
    expect(org.onPremisesLastSyncDateTime).not.toBe('2026-12-01T00:00:00Z');
    expect(org.onPremisesLastPasswordSyncDateTime).toBe('2026-12-01T00:00:00Z');
    await world.sim.run('restart-service', {}, ctx);
    expect(world.sim.passwordSyncStalled).toBe(false);
    expect(world.tenant.getOrganization().onPremisesLastPasswordSyncDateTime).not.toBe(
      '2026-12-01T00:00:00Z',
    );
  });

  it('a running password sync reports with every cycle (no stall, nothing to restart)', async () => {
    world = createWorld();
    world.tenant.recordPasswordSync('2026-12-01T00:00:00Z');
    await deltaSync(world);
    expect(world.tenant.getOrganization().onPremisesLastPasswordSyncDateTime).not.toBe(
      '2026-12-01T00:00:00Z',
    );
  });
});
