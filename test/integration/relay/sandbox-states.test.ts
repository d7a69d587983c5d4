// The sandbox's scenarios are states a real tenant can be in: every AD user inside the synced OUs has
// already been processed by Entra Connect (linked, duplicated, or in a sync error the next cycle
// repeats), so a `sync now` - a delta sync through the relay, as the bot runs it - resolves none of the
// stories a newcomer is told to try, and soft-deletes none of the generated synced users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../config/logger.ts';
import { staleImmutableIdOf } from '../../../sandbox/graph/scenarios.ts';
import { startWorld, type SandboxWorld } from '../../../sandbox/playground/world.ts';

let world: SandboxWorld;
let usersBefore: number;
beforeAll(async () => {
  world = await startWorld({ log: createLogger({ level: 'silent' }), seededUsers: 200, cycleMs: 0 });
  usersBefore = world.tenant.userCount;
  await world.ports.relay!.startDeltaSync('sandbox-states');
  await world.ports.relay!.waitUntilIdle('sandbox-states', 10_000);
});
afterAll(() => world.close());

const user = (id: string) => world.tenant.getUser(id)!;

describe('sync now in the sandbox', () => {
  it('links none of the cloud-only scenario users', () => {
    for (const name of [
      'guide-004-simple',
      'federated-upn',
      'admin-role',
      'object-identifier-set',
      'guide-002-deleted-holder',
    ] as const) {
      const s = world.scenarios[name];
      expect({ name, sync: user(s.cloudUser.id).onPremisesSyncEnabled }).toEqual({ name, sync: null });
    }
    const carla = world.scenarios['guide-004-simple'];
    expect(user(carla.cloudUser.id).onPremisesImmutableId).toBe(staleImmutableIdOf(carla.adUser));
  });

  it('reports each story’s own sync error, as Entra Connect would at every cycle', async () => {
    const results = await world.ports.relay!.getLastRunResults('sandbox-states', 3);
    const errors = results.find((r) => r.runProfileName === 'Export')!.exportErrors;
    const byUser = (name: keyof typeof world.scenarios) =>
      errors.find((e) => e.distinguishedName === world.scenarios[name].adUser.dn);
    expect(byUser('guide-004-simple')?.errorType).toBe('InvalidSoftMatch');
    expect(byUser('federated-upn')?.errorType).toBe('InvalidSoftMatch');
    expect(byUser('admin-role')).toMatchObject({
      errorType: 'AdminRoleConflict',
      message: expect.stringMatching(/security hardening/),
    });
    expect(byUser('object-identifier-set')?.message).toMatch(
      /^Hard match operation blocked due to security hardening/,
    );
    // The deleted holder cannot come back: the new cloud-only user has its UPN.
    expect(byUser('guide-002-deleted-holder')?.message).toMatch(/userPrincipalName already exists/);
    expect(byUser('guide-000-synced-duplicate')).toBeUndefined();
    expect(byUser('already-synced')).toBeUndefined();
  });

  it('keeps the duplicate and the deleted holder where the stories need them, and soft-deletes no one', () => {
    const dup = world.scenarios['guide-000-synced-duplicate'].others['syncedDuplicate']!;
    expect(user(dup.id).onPremisesSyncEnabled).toBe(true);
    const holder = world.scenarios['guide-002-deleted-holder'].others['deletedHolder']!;
    expect(world.tenant.getDeletedUser(holder.id)).toBeDefined();
    expect(world.tenant.userCount).toBe(usersBefore);
  });
});
