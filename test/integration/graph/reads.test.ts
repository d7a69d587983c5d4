import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, TOKEN, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('Graph connector reads against the simulator', () => {
  it('searchUsers puts cloud-only users before synced ones and selects only what it shows', async () => {
    const found = await h.dir.searchUsers('anna', 5);
    expect(found.map((u) => u.userPrincipalName)).toEqual([
      'anna.berg@contoso.com',
      'anna.berg@contoso.onmicrosoft.com',
    ]);
    expect(found[0]!.onPremisesSyncEnabled).toBeNull();
    const last = h.sim.faults.stats.recent.at(-1)!;
    expect(decodeURIComponent(last.rawUrl)).toContain(
      '$select=id,displayName,userPrincipalName,mail,onPremisesSyncEnabled,onPremisesImmutableId',
    );
    expect(last.rawUrl).toMatch(/\$top=10(&|$)/);
  });

  it('getUser reads by UPN and by id with the on-premises attributes', async () => {
    const dup = h.scenarios['guide-000-synced-duplicate'].others['syncedDuplicate']!;
    const byUpn = await h.dir.getUser('anna.berg@contoso.onmicrosoft.com');
    const byId = await h.dir.getUser(dup.id);
    expect(byUpn).toEqual(byId);
    expect(byId).toMatchObject({
      onPremisesSyncEnabled: true,
      onPremisesImmutableId: 'qgCqABG7IszdM0TuRO5E7g==',
      onPremisesDistinguishedName: 'CN=Anna Berg,OU=Staff,DC=corp,DC=example,DC=test',
      onPremisesSamAccountName: 'anna.berg',
    });
    expect(byId!.onPremisesProvisioningErrors.map((e) => e.propertyCausingError)).toEqual([
      'UserPrincipalName',
      'ProxyAddress',
    ]);
    expect(await h.dir.getUser('nobody@contoso.com')).toBeNull();
  });

  it('without $select Graph leaves the on-premises properties out entirely (absent, not null)', async () => {
    const id = h.scenarios['already-synced'].cloudUser.id;
    const res = await fetch(`${h.sim.url}/v1.0/users/${id}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['userPrincipalName']).toBe('gina.bakker@contoso.com');
    expect('onPremisesImmutableId' in body).toBe(false);
    expect('onPremisesSyncEnabled' in body).toBe(false);
    expect(res.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('getDeletedUser finds a soft-deleted user and null for an active one', async () => {
    const holder = h.scenarios['guide-002-deleted-holder'].others['deletedHolder']!;
    expect((await h.dir.getDeletedUser(holder.id))?.deletedDateTime).toBe(holder.deletedDateTime);
    expect(await h.dir.getDeletedUser(h.scenarios['guide-004-simple'].cloudUser.id)).toBeNull();
  });

  it('findImmutableIdHolders finds active and deleted holders with the advanced-query headers', async () => {
    const s0 = h.scenarios['guide-000-synced-duplicate'];
    const s2 = h.scenarios['guide-002-deleted-holder'];
    const a = await h.dir.findImmutableIdHolders(s0.immutableId);
    expect(a.active.map((u) => u.id)).toEqual([s0.others['syncedDuplicate']!.id]);
    expect(a.deleted).toEqual([]);
    const d = await h.dir.findImmutableIdHolders(s2.immutableId);
    expect(d.active).toEqual([]);
    expect(d.deleted.map((u) => u.id)).toEqual([s2.others['deletedHolder']!.id]);
    const activeCall = h.sim.faults.stats.recent.find(
      (r) => r.rawUrl.startsWith('/v1.0/users?') && r.rawUrl.includes('SV%2BBWQuSnU6tbIK1OqTBAg%3D%3D'),
    );
    expect(activeCall?.headers['consistencylevel']).toBe('eventual');
    expect(activeCall?.rawUrl).toContain('$count=true');
  });

  it('an ImmutableID differing only in case is not a holder (anchors are case-sensitive)', async () => {
    const held = await h.dir.findImmutableIdHolders('QGCQABG7IszdM0TuRO5E7g==');
    expect(held.active).toEqual([]);
  });

  it('getMatchContext gathers everything in one $batch (and one beta read) when the cloud user is named by id', async () => {
    const s = h.scenarios['admin-role'];
    const before = { http: h.sim.faults.stats.httpRequests, items: h.sim.faults.stats.batchItems };
    const ctx = await h.dir.getMatchContext(s.cloudUser.id, s.immutableId, {
      userPrincipalName: s.adUser.userPrincipalName,
      primarySmtp: s.adUser.mail,
    });
    expect(h.sim.faults.stats.httpRequests - before.http).toBe(2);
    expect(h.sim.faults.stats.batchItems - before.items).toBe(10);
    const beta = h.sim.faults.stats.recent.filter((r) => r.rawUrl.startsWith('/beta/'));
    expect(beta.at(-1)?.rawUrl).toBe(`/beta/users/${s.cloudUser.id}?$select=onPremisesObjectIdentifier`);
    expect(ctx.unread).toEqual({});
    expect(ctx.entraIdP2).toBe(true);
    expect(ctx.cloudUser.id).toBe(s.cloudUser.id);
    expect(ctx.roles.map((r) => `${r.kind}:${r.displayName}`).sort()).toEqual([
      'active:Global Administrator',
      'eligible:User Administrator',
    ]);
    expect(ctx.domains.find((d) => d.id === 'fabrikam.com')?.authenticationType).toBe('Federated');
    expect(ctx.features?.softMatchOnUpnEnabled).toBe(true);
    expect(ctx.softMatchCandidates.map((u) => u.id)).toEqual([s.cloudUser.id]);
    expect(ctx.holders).toEqual({ active: [], deleted: [] });
  });

  it('getMatchContext by UPN reads eligibility afterwards (it needs the id) and finds the synced duplicate', async () => {
    const s = h.scenarios['guide-000-synced-duplicate'];
    const before = h.sim.faults.stats.httpRequests;
    const ctx = await h.dir.getMatchContext(s.cloudUser.userPrincipalName, s.immutableId, {
      userPrincipalName: s.adUser.userPrincipalName,
      primarySmtp: s.adUser.mail,
    });
    // the batch, the beta read, then eligibility by id
    expect(h.sim.faults.stats.httpRequests - before).toBe(3);
    expect(ctx.holders.active.map((u) => u.userPrincipalName)).toEqual(['anna.berg@contoso.onmicrosoft.com']);
    expect(ctx.softMatchCandidates.map((u) => u.userPrincipalName)).toEqual(['anna.berg@contoso.com']);
  });

  it('getMatchContext throws CLOUD.NOT_FOUND for an unknown cloud user', async () => {
    await expect(
      h.dir.getMatchContext('ghost@contoso.com', 'qgCqABG7IszdM0TuRO5E7g==', {
        userPrincipalName: null,
        primarySmtp: null,
      }),
    ).rejects.toMatchObject({ code: 'CLOUD.NOT_FOUND' });
  });

  it('reads domains, roles, organization sync status and features', async () => {
    expect((await h.dir.listDomains()).map((d) => `${d.id}:${d.authenticationType}:${d.isInitial}`)).toEqual([
      'contoso.onmicrosoft.com:Managed:true',
      'contoso.com:Managed:false',
      'fabrikam.com:Federated:false',
    ]);
    const org = await h.dir.getOrganizationSyncStatus();
    expect(org.onPremisesSyncEnabled).toBe(true);
    expect(Date.parse(org.onPremisesLastSyncDateTime!)).toBeLessThan(Date.now());
    h.tenant.setSyncFeatures({ blockCloudObjectTakeoverThroughHardMatchEnabled: true });
    expect((await h.dir.getSyncFeatures())?.blockCloudObjectTakeoverThroughHardMatchEnabled).toBe(true);
    h.tenant.setSyncFeatures({ blockCloudObjectTakeoverThroughHardMatchEnabled: false });
  });

  it('features are null (unknown) when the tenant answers 403, in getSyncFeatures and in the match context', async () => {
    h.sim.faults.set({ featuresAppOnly: 'refused' });
    try {
      expect(await h.dir.getSyncFeatures()).toBeNull();
      const s = h.scenarios['guide-004-simple'];
      const ctx = await h.dir.getMatchContext(s.cloudUser.id, s.immutableId, {
        userPrincipalName: null,
        primarySmtp: null,
      });
      expect(ctx.features).toBeNull();
      expect(ctx.unread.features).toMatchObject({
        code: 'CLOUD.FORBIDDEN',
        message: expect.stringContaining('OnPremDirectorySynchronization.Read.All'),
      });
    } finally {
      h.sim.faults.set({ featuresAppOnly: 'allowed' });
    }
  });

  it('isMemberOfGroup answers through checkMemberGroups', async () => {
    const { SANDBOX_IDS } = await import('../../../sandbox/graph/scenarios.ts');
    expect(await h.dir.isMemberOfGroup(SANDBOX_IDS.seniorAdmin, SANDBOX_IDS.approversGroup)).toBe(true);
    expect(await h.dir.isMemberOfGroup(SANDBOX_IDS.helpdeskUser, SANDBOX_IDS.approversGroup)).toBe(false);
    expect(
      await h.dir.isMemberOfGroup('00000000-0000-4000-8000-000000000000', SANDBOX_IDS.approversGroup),
    ).toBe(false);
  });

  it('lists users with provisioning errors by the documented filter', async () => {
    const users = await h.dir.listUsersWithProvisioningErrors();
    expect(users.map((u) => u.userPrincipalName)).toEqual(['anna.berg@contoso.onmicrosoft.com']);
    expect(decodeURIComponent(h.sim.faults.stats.recent.at(-1)!.rawUrl)).toContain(
      "onPremisesProvisioningErrors/any(o:o/category eq 'PropertyConflict')",
    );
  });

  it('refuses input that cannot be an id, UPN or ImmutableID before any request', async () => {
    const before = h.sim.faults.stats.httpRequests;
    await expect(h.dir.getUser('not a upn')).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    await expect(h.dir.getDeletedUser('anna@contoso.com')).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    await expect(h.dir.findImmutableIdHolders("x' or 1 eq 1")).rejects.toMatchObject({
      code: 'IMMUTABLE_ID.INVALID',
    });
    await expect(h.dir.searchUsers('', 5)).rejects.toMatchObject({ code: 'INPUT.INVALID' });
    expect(h.sim.faults.stats.httpRequests).toBe(before);
  });
});
