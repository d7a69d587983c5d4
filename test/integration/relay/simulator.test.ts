import { afterEach, describe, expect, it } from 'vitest';
import { guidToImmutableId } from '../../../core/immutable-id.ts';
import { DomainError } from '../../../core/errors.ts';
import { addAdUser, createWorld, deltaSync, PARKING, STAFF, EXCLUDED, type World } from './world.ts';

const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
let world: World;
afterEach(() => {
  world?.sim.close();
  expect(world?.cycleErrors ?? []).toEqual([]);
});

const lastExportErrors = async (w: World) => {
  const results = await w.sim.run('run-results', { count: 3 }, { requestId: 't' });
  return results.find((r) => r.runProfileName === 'Export')!.exportErrors;
};

describe('Entra Connect simulator: delta sync applies the matching rules', () => {
  it('hard-matches a cloud-only user holding the AD user ImmutableID', async () => {
    world = createWorld();
    const { user, immutableId } = addAdUser(world, 'alice');
    const cloud = world.tenant.createCloudUser({
      userPrincipalName: 'alice@contoso.com',
      onPremisesImmutableId: immutableId,
    });
    expect(await deltaSync(world)).toEqual({ started: true, joined: false });
    const after = world.tenant.getUser(cloud.id)!;
    expect(after.onPremisesSyncEnabled).toBe(true);
    expect(after.onPremisesDistinguishedName).toBe(user.dn);
    expect(world.tenant.userCount).toBe(1);
    expect(world.tenant.getOrganization().onPremisesLastSyncDateTime).not.toBeNull();
  });

  it('soft-deletes a synced user whose AD object left the scope (moved or excluded OU)', async () => {
    world = createWorld();
    const a = addAdUser(world, 'bob');
    const b = addAdUser(world, 'carol');
    await deltaSync(world);
    expect(world.tenant.userCount).toBe(2);
    await world.directory.moveUser(a.user.dn, PARKING);
    await world.directory.moveUser(b.user.dn, EXCLUDED);
    await deltaSync(world);
    expect(world.tenant.userCount).toBe(0);
    expect(world.tenant.findByImmutableId(a.immutableId).deleted).toHaveLength(1);
    expect(world.tenant.findByImmutableId(b.immutableId).deleted).toHaveLength(1);
  });

  it('creates the user@<initial domain> duplicate when soft match is blocked and the UPN is taken', async () => {
    world = createWorld();
    world.tenant.setSyncFeatures({ blockSoftMatchEnabled: true });
    const cloud = world.tenant.createCloudUser({
      userPrincipalName: 'dave@contoso.com',
      mail: 'dave@contoso.com',
    });
    const { immutableId } = addAdUser(world, 'dave', STAFF, { mail: 'dave.ad@contoso.com' });
    await deltaSync(world);
    const dup = world.tenant.findByImmutableId(immutableId).active[0]!;
    expect(dup.userPrincipalName).toBe('dave@contoso.onmicrosoft.com');
    expect(dup.id).not.toBe(cloud.id);
    expect(world.tenant.getUser(cloud.id)!.onPremisesSyncEnabled).toBeNull();
  });

  it('soft-matches on primary SMTP onto a cloud user with a blank ImmutableID, but not onto an admin', async () => {
    world = createWorld();
    const plain = world.tenant.createCloudUser({
      userPrincipalName: 'erin@contoso.com',
      proxyAddresses: ['SMTP:erin@contoso.com'],
    });
    const admin = world.tenant.createCloudUser({
      userPrincipalName: 'frank@contoso.com',
      proxyAddresses: ['SMTP:frank@contoso.com'],
    });
    world.tenant.assignRole(admin.id, GLOBAL_ADMIN, 'active');
    const erin = addAdUser(world, 'erin');
    addAdUser(world, 'frank');
    await deltaSync(world);
    expect(world.tenant.getUser(plain.id)!.onPremisesImmutableId).toBe(erin.immutableId);
    expect(world.tenant.getUser(admin.id)!.onPremisesSyncEnabled).toBeNull();
    expect((await lastExportErrors(world)).map((e) => e.errorType)).toEqual(['AdminRoleConflict']);
  });

  it('reports InvalidSoftMatch when the UPN belongs to a cloud user with another ImmutableID', async () => {
    world = createWorld();
    world.tenant.createCloudUser({
      userPrincipalName: 'gina@contoso.com',
      onPremisesImmutableId: guidToImmutableId('11111111-2222-3333-4444-555555555555'),
    });
    addAdUser(world, 'gina');
    await deltaSync(world);
    expect(world.tenant.userCount).toBe(1);
    const errors = await lastExportErrors(world);
    expect(errors).toMatchObject([{ errorType: 'InvalidSoftMatch', distinguishedName: `CN=gina,${STAFF}` }]);
    const results = await world.sim.run('run-results', { count: 1 }, { requestId: 't' });
    expect(results[0]!.result).toBe('completed-export-errors');
    expect(results[0]!.steps[0]!.exportFailures).toBe(1);
  });

  it('blocks the hard match with InvalidHardMatch when the tenant blocks cloud-object takeover', async () => {
    world = createWorld();
    world.tenant.setSyncFeatures({ blockCloudObjectTakeoverThroughHardMatchEnabled: true });
    const { immutableId } = addAdUser(world, 'hank');
    const cloud = world.tenant.createCloudUser({
      userPrincipalName: 'hank@contoso.com',
      onPremisesImmutableId: immutableId,
    });
    await deltaSync(world);
    expect(world.tenant.getUser(cloud.id)!.onPremisesSyncEnabled).toBeNull();
    expect(await lastExportErrors(world)).toMatchObject([{ errorType: 'InvalidHardMatch' }]);
  });

  it('blocks the hard match by the 2026 hardening: privileged role or onPremisesObjectIdentifier set', async () => {
    world = createWorld();
    const a = addAdUser(world, 'ivy');
    const b = addAdUser(world, 'jack');
    const admin = world.tenant.createCloudUser({
      userPrincipalName: 'ivy@contoso.com',
      onPremisesImmutableId: a.immutableId,
    });
    world.tenant.setEntraIdP2(true); // eligibility is PIM's: only with Entra ID P2
    world.tenant.assignRole(admin.id, GLOBAL_ADMIN, 'eligible');
    const marked = world.tenant.createCloudUser({
      userPrincipalName: 'jack@contoso.com',
      onPremisesImmutableId: b.immutableId,
    });
    world.tenant.patchUser(marked.id, { onPremisesObjectIdentifier: '99999999-0000-0000-0000-000000000000' });
    await deltaSync(world);
    const errors = await lastExportErrors(world);
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(e.message).toMatch(/security hardening/);
    expect(world.tenant.getUser(admin.id)!.onPremisesSyncEnabled).toBeNull();
    expect(world.tenant.getUser(marked.id)!.onPremisesSyncEnabled).toBeNull();
  });

  it('never soft-matches onto an account the hardening protects, and reports Microsoft’s text instead', async () => {
    world = createWorld();
    world.tenant.setEntraIdP2(true);
    // Same UPN and SMTP, blank ImmutableID: a soft-match candidate - but eligible for an admin role,
    // an admin through a role-assignable group, or carrying onPremisesObjectIdentifier.
    const eligible = world.tenant.createCloudUser({
      userPrincipalName: 'liam@contoso.com',
      mail: 'liam@contoso.com',
    });
    world.tenant.assignRole(eligible.id, GLOBAL_ADMIN, 'eligible');
    const viaGroup = world.tenant.createCloudUser({
      userPrincipalName: 'mia@contoso.com',
      mail: 'mia@contoso.com',
    });
    const group = world.tenant.createGroup('Tier-0', undefined, { isAssignableToRole: true });
    world.tenant.addGroupMember(group.id, viaGroup.id);
    world.tenant.assignRole(group.id, GLOBAL_ADMIN, 'active');
    const marked = world.tenant.createCloudUser({
      userPrincipalName: 'noah@contoso.com',
      mail: 'noah@contoso.com',
    });
    world.tenant.patchUser(marked.id, { onPremisesObjectIdentifier: '88888888-0000-0000-0000-000000000000' });
    for (const sam of ['liam', 'mia', 'noah']) addAdUser(world, sam);
    await deltaSync(world);
    const errors = await lastExportErrors(world);
    expect(errors.map((e) => e.errorType).sort()).toEqual([
      'AdminRoleConflict',
      'AdminRoleConflict',
      'InvalidSoftMatch',
    ]);
    for (const e of errors)
      expect(e.message).toMatch(
        /^Hard match operation blocked due to security hardening\. Review OnPremisesObjectIdentifier mapping\./,
      );
    for (const u of [eligible, viaGroup, marked])
      expect(world.tenant.getUser(u.id)!.onPremisesSyncEnabled).toBeNull();
    // Nothing was provisioned in their place either: the next cycle reports the same errors.
    expect(world.tenant.userCount).toBe(3);
  });

  it('does not restore a soft-deleted holder that held an admin role (the hardening includes them)', async () => {
    world = createWorld();
    const o = addAdUser(world, 'olga');
    await deltaSync(world);
    const synced = world.tenant.findByImmutableId(o.immutableId).active[0]!;
    world.tenant.assignRole(synced.id, GLOBAL_ADMIN, 'active');
    await world.directory.moveUser(o.user.dn, PARKING);
    await deltaSync(world);
    expect(world.tenant.getDeletedUser(synced.id)).toBeDefined();
    await world.directory.moveUser(`CN=olga,${PARKING}`, STAFF);
    await deltaSync(world);
    expect(world.tenant.getDeletedUser(synced.id)).toBeDefined();
    expect(await lastExportErrors(world)).toMatchObject([
      { errorType: 'InvalidHardMatch', message: expect.stringMatching(/security hardening/) },
    ]);
  });

  it('restores a soft-deleted user that holds the anchor instead of creating one', async () => {
    world = createWorld();
    const k = addAdUser(world, 'kim');
    await deltaSync(world);
    await world.directory.moveUser(k.user.dn, PARKING);
    await deltaSync(world);
    expect(world.tenant.deletedUserCount).toBe(1);
    await world.directory.moveUser(`CN=kim,${PARKING}`, STAFF);
    await deltaSync(world);
    expect(world.tenant.deletedUserCount).toBe(0);
    expect(world.tenant.findByImmutableId(k.immutableId).active).toHaveLength(1);
  });

  it('writes objectGUID into an empty mS-DS-ConsistencyGuid when that is the source anchor', async () => {
    world = createWorld({ sourceAnchor: 'mS-DS-ConsistencyGuid' });
    const l = addAdUser(world, 'leo');
    await deltaSync(world);
    const ad = await world.directory.getUser({ kind: 'dn', value: l.user.dn });
    expect(ad!.consistencyGuid).toBe(l.immutableId);
  });

  it('runs the guide-000 playbook end to end: park, sync, hard-delete, set ImmutableID, move back, sync', async () => {
    world = createWorld();
    world.tenant.setSyncFeatures({ blockSoftMatchEnabled: true });
    const original = world.tenant.createCloudUser({
      userPrincipalName: 'test@contoso.com',
      mail: 'test@contoso.com',
    });
    const t = addAdUser(world, 'test', STAFF, { mail: 'test.ad@contoso.com' });
    await deltaSync(world);
    const dup = world.tenant.findByImmutableId(t.immutableId).active[0]!;
    expect(dup.userPrincipalName).toBe('test@contoso.onmicrosoft.com');
    // 1. park the AD user out of scope and sync: the duplicate is soft-deleted
    const parked = await world.directory.moveUser(t.user.dn, PARKING);
    await deltaSync(world);
    expect(world.tenant.getDeletedUser(dup.id)).toBeDefined();
    // 2. hard-delete the duplicate, 3. set the ImmutableID on the original
    world.tenant.hardDeleteUser(dup.id);
    world.tenant.patchUser(original.id, { onPremisesImmutableId: t.immutableId });
    // 4. move back and sync: the original is now the synced counterpart
    await world.directory.moveUser(parked.dn, STAFF);
    await deltaSync(world);
    const linked = world.tenant.getUser(original.id)!;
    expect(linked.onPremisesSyncEnabled).toBe(true);
    expect(linked.userPrincipalName).toBe('test@contoso.com');
    expect(linked.onPremisesDistinguishedName).toBe(`CN=test,${STAFF}`);
    expect(world.tenant.userCount).toBe(1);
    expect(await lastExportErrors(world)).toEqual([]);
  });
});

describe('Entra Connect simulator: cmdlet behaviour', () => {
  it('is busy while a cycle runs: delta joins, initial sync and restart are refused, wait-until-idle waits', async () => {
    // Long enough that the five calls below land inside the cycle even on a loaded machine.
    world = createWorld({ cycleMs: 1_000 });
    const ctx = { requestId: 'r' };
    expect(await world.sim.run('delta-sync', {}, ctx)).toEqual({ started: true, joined: false });
    expect((await world.sim.run('scheduler-status', {}, ctx)).syncCycleInProgress).toBe(true);
    expect(await world.sim.run('delta-sync', {}, ctx)).toEqual({ started: false, joined: true });
    await expect(world.sim.run('initial-sync', { confirm: true }, ctx)).rejects.toMatchObject({
      code: 'RELAY.BUSY',
    });
    await expect(world.sim.run('restart-service', {}, ctx)).rejects.toThrow(/AAD is busy/);
    const short = await world.sim.run('wait-until-idle', { timeoutMs: 0, pollMs: 50 }, ctx);
    expect(short.idle).toBe(false);
    const waited = await world.sim.run('wait-until-idle', { timeoutMs: 5_000, pollMs: 20 }, ctx);
    expect(waited).toMatchObject({ idle: true, scheduler: { syncCycleInProgress: false } });
    expect(await world.sim.run('restart-service', {}, ctx)).toEqual({ restarted: true });
  });

  it('close() cancels a pending cycle: nothing is applied and the server reads idle', async () => {
    world = createWorld({ cycleMs: 10_000 });
    addAdUser(world, 'rita');
    await world.sim.run('delta-sync', {}, { requestId: 'r' });
    world.sim.close();
    await world.sim.idle();
    expect(world.sim.cycleInProgress).toBe(false);
    expect(world.tenant.userCount).toBe(0);
  });

  it('answers a delta sync in staging mode with RELAY.STAGING_MODE and changes nothing', async () => {
    world = createWorld({ stagingMode: true });
    addAdUser(world, 'mia');
    const err = await world.sim.run('delta-sync', {}, { requestId: 'r' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('RELAY.STAGING_MODE');
    expect((await world.sim.run('scheduler-status', {}, { requestId: 'r' })).stagingModeEnabled).toBe(true);
    expect(world.tenant.userCount).toBe(0);
  });

  it('syncs one object by DN and reports whether it is in scope', async () => {
    world = createWorld();
    const n = addAdUser(world, 'nina');
    const o = addAdUser(world, 'oscar', PARKING);
    const inScope = await world.sim.run(
      'single-object-sync',
      { distinguishedName: n.user.dn },
      { requestId: 'r' },
    );
    expect(inScope.inScope).toBe(true);
    expect(world.tenant.findByImmutableId(n.immutableId).active).toHaveLength(1);
    const out = await world.sim.run(
      'single-object-sync',
      { distinguishedName: o.user.dn },
      { requestId: 'r' },
    );
    expect(out.inScope).toBe(false);
    expect(out.steps[0]).toMatchObject({ status: 'skipped' });
    expect(world.tenant.findByImmutableId(o.immutableId).active).toHaveLength(0);
    await expect(
      world.sim.run('single-object-sync', { distinguishedName: `CN=nobody,${STAFF}` }, { requestId: 'r' }),
    ).rejects.toMatchObject({ code: 'RELAY.FAILED' });
  });

  it('reports the sync scope and the run history newest first', async () => {
    world = createWorld();
    expect(await world.sim.run('sync-scope', {}, { requestId: 'r' })).toEqual({
      inclusions: [STAFF],
      exclusions: [EXCLUDED],
      groupFilteringGroupDn: null,
    });
    await deltaSync(world);
    await world.sim.run('initial-sync', { confirm: true }, { requestId: 'r' });
    await world.sim.idle();
    const results = await world.sim.run('run-results', { count: 6 }, { requestId: 'r' });
    expect(results.map((r) => r.runProfileName)).toEqual([
      'Export',
      'Initial Synchronization',
      'Initial Import',
      'Export',
      'Delta Synchronization',
      'Delta Import',
    ]);
  });
});
