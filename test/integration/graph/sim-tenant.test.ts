// The in-process SimTenant API the Entra Connect simulator codes against, and the seed data it starts
// from. No HTTP here: these are the directory rules both the Graph simulator and sync rely on.
import { describe, expect, it } from 'vitest';
import { guidToImmutableId } from '../../../core/immutable-id.ts';
import { createScenarioTenant, adForSync } from '../../../sandbox/graph/scenarios.ts';
import { seedTenant } from '../../../sandbox/graph/seed.ts';
import { SimTenant, SimTenantError } from '../../../sandbox/graph/tenant.ts';
import { SCENARIO_DATA, scenarioAdSeed } from '../../../sandbox/scenarios-data.ts';

const fixedClock = () => new Date('2026-11-22T01:00:00.000Z');

describe('SimTenant', () => {
  it('sync provisions a UPN-conflicting AD user as the <prefix>@initial-domain duplicate, with errors', () => {
    const t = new SimTenant({ now: fixedClock });
    t.addDomain({ id: 'contoso.com' });
    t.createCloudUser({ userPrincipalName: 'ann@contoso.com', proxyAddresses: ['SMTP:ann@contoso.com'] });
    const ad = {
      immutableId: guidToImmutableId('00aa00aa-bb11-cc22-dd33-44ee44ee44ee'),
      distinguishedName: 'CN=Ann,OU=Staff,DC=x',
      samAccountName: 'ann',
      userPrincipalName: 'ann@contoso.com',
      proxyAddresses: ['SMTP:ann@contoso.com'],
    };
    const dup = t.createSyncedUser(ad);
    expect(dup).toMatchObject({
      userPrincipalName: 'ann@contoso.onmicrosoft.com',
      onPremisesSyncEnabled: true,
      proxyAddresses: [],
      onPremisesLastSyncDateTime: '2026-11-22T01:00:00Z',
    });
    expect(dup.onPremisesProvisioningErrors.map((e) => e.propertyCausingError)).toEqual([
      'UserPrincipalName',
      'ProxyAddress',
    ]);
    // A second AD user with the same prefix gets a numbered MOERA UPN instead of failing.
    const again = t.createSyncedUser({
      ...ad,
      immutableId: guidToImmutableId('11aa00aa-bb11-cc22-dd33-44ee44ee44ee'),
    });
    expect(again.userPrincipalName).toMatch(/^ann\d{4}@contoso\.onmicrosoft\.com$/);
  });

  it('an unverified UPN suffix becomes the initial domain without a conflict error', () => {
    const t = new SimTenant();
    const u = t.createSyncedUser({
      immutableId: 'qgCqABG7IszdM0TuRO5E7g==',
      distinguishedName: 'CN=B,DC=x',
      samAccountName: 'b',
      userPrincipalName: 'b@corp.local',
    });
    expect(u.userPrincipalName).toBe('b@contoso.onmicrosoft.com');
    expect(u.onPremisesProvisioningErrors).toEqual([]);
  });

  it('a soft-deleted user keeps its anchor: no new synced user and no PATCH may take it until hard delete', () => {
    const { tenant, scenarios } = createScenarioTenant();
    const s = scenarios['guide-002-deleted-holder'];
    const holder = s.others['deletedHolder']!;
    expect(tenant.findByImmutableId(s.immutableId)).toEqual({ active: [], deleted: [holder] });
    expect(() => tenant.createSyncedUser(adForSync(s.adUser))).toThrow(SimTenantError);
    let err: SimTenantError | undefined;
    try {
      tenant.patchUser(s.cloudUser.id, { onPremisesImmutableId: s.immutableId });
    } catch (e) {
      err = e as SimTenantError;
    }
    expect(err).toMatchObject({
      code: 'ObjectConflict',
      target: 'onPremisesImmutableId',
      holderId: holder.id,
    });
    tenant.hardDeleteUser(holder.id);
    expect(
      tenant.patchUser(s.cloudUser.id, { onPremisesImmutableId: s.immutableId }).onPremisesImmutableId,
    ).toBe(s.immutableId);
  });

  it('restore brings a deleted user back, refusing when its UPN was taken meanwhile', () => {
    const t = new SimTenant();
    const u = t.createSyncedUser({
      immutableId: 'qgCqABG7IszdM0TuRO5E7g==',
      distinguishedName: 'CN=C,DC=x',
      samAccountName: 'c',
      userPrincipalName: 'c@contoso.onmicrosoft.com',
    });
    t.softDeleteUser(u.id);
    expect(t.getUser(u.id)).toBeUndefined();
    const squatter = t.createCloudUser({ userPrincipalName: 'c@contoso.onmicrosoft.com' });
    expect(() => t.restoreUser(u.id)).toThrow(/userPrincipalName/);
    t.patchUser(squatter.id, { userPrincipalName: 'c2@contoso.onmicrosoft.com' });
    expect(t.restoreUser(u.id).deletedDateTime).toBeNull();
    expect(t.findByImmutableId('qgCqABG7IszdM0TuRO5E7g==').active.map((x) => x.id)).toEqual([u.id]);
  });

  it('linkUser stamps a cloud-only user as synced (hard match) and synced users refuse cloud edits', () => {
    const { tenant, scenarios } = createScenarioTenant();
    const s = scenarios['guide-004-simple'];
    const linked = tenant.linkUser(s.cloudUser.id, adForSync(s.adUser));
    expect(linked).toMatchObject({
      onPremisesSyncEnabled: true,
      onPremisesImmutableId: s.immutableId,
      onPremisesSamAccountName: 'carla.obrien',
    });
    expect(() => tenant.patchUser(s.cloudUser.id, { onPremisesImmutableId: null })).toThrow(
      /on-premises mastered/,
    );
  });

  it('roles, groups, features and the organization sync stamp', () => {
    const { tenant, scenarios } = createScenarioTenant({ now: fixedClock });
    expect(tenant.hasPrivilegedRole(scenarios['admin-role'].cloudUser.id)).toBe(true);
    expect(tenant.hasPrivilegedRole(scenarios['guide-004-simple'].cloudUser.id)).toBe(false);
    expect(tenant.setSyncFeatures({ blockSoftMatchEnabled: true }).blockSoftMatchEnabled).toBe(true);
    expect(tenant.recordSyncCycle().onPremisesLastSyncDateTime).toBe('2026-11-22T01:00:00Z');
    expect(tenant.getDomain('FABRIKAM.com')?.authenticationType).toBe('Federated');
  });
});

describe('scenarios and seed data', () => {
  it('the AD facts and the cloud side agree, and the guides’ published ImmutableIDs come out', () => {
    expect(guidToImmutableId(SCENARIO_DATA['guide-002-deleted-holder'].adUser.objectGuid)).toBe(
      'SV+BWQuSnU6tbIK1OqTBAg==',
    );
    expect(guidToImmutableId(SCENARIO_DATA['guide-004-simple'].adUser.objectGuid)).toBe(
      'IkTni9mw7Ee4YefeGpz7IA==',
    );
    const { scenarios } = createScenarioTenant();
    for (const [name, s] of Object.entries(scenarios)) {
      expect(s.adUser, name).toBe(SCENARIO_DATA[s.name].adUser);
      expect(s.cloudUser.userPrincipalName.toLowerCase(), name).toBe(
        s.adUser.userPrincipalName.toLowerCase(),
      );
    }
    expect(scenarioAdSeed().users.every((u) => u.dn.endsWith(u.ou))).toBe(true);
  });

  it('seeding is deterministic and yields the realistic mix', () => {
    const a = seedTenant({ users: 3000, seed: 9 });
    const b = seedTenant({ users: 3000, seed: 9 });
    expect(a.tenant.listUsers().map((u) => u.id)).toEqual(b.tenant.listUsers().map((u) => u.id));
    expect(a.tenant.userCount + a.tenant.deletedUserCount).toBe(3000 + 2); // + the sandbox's helpdesk and approver
    const s = a.summary;
    for (const k of [
      'cloudOnly',
      'synced',
      'softDeleted',
      'syncDuplicates',
      'deletedHolders',
      'admins',
    ] as const)
      expect(s[k], k).toBeGreaterThan(0);
    expect(a.tenant.listUsers().some((u) => u.userPrincipalName.endsWith('@fabrikam.com'))).toBe(true);
    expect(a.tenant.listUsersWithProvisioningErrors().length).toBe(s.syncDuplicates);
    expect(() => seedTenant({ users: 100_001 })).toThrow(RangeError);
  });
});
