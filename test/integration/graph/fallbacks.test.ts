import { afterEach, describe, expect, it } from 'vitest';
import { runBatch } from '../../../connectors/graph/batch.ts';
import { guidToImmutableId } from '../../../core/immutable-id.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(() => h?.close());

describe('fallbacks for the UNCONFIRMED parts of Graph', () => {
  it('deleted-items $filter unsupported: pages through deleted users (999 a page) and remembers it', async () => {
    h = await startHarness({
      faults: { deletedItemsFilter: 'unsupported' },
      tenant: (t) => {
        // 2,100 deleted users: three pages of 999
        for (let i = 0; i < 2100; i++) {
          const u = t.createSyncedUser({
            immutableId: guidToImmutableId(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
            distinguishedName: `CN=Old ${i},OU=Staff,DC=corp,DC=example,DC=test`,
            samAccountName: `old${i}`,
            userPrincipalName: `old${i}@contoso.com`,
          });
          t.softDeleteUser(u.id);
        }
      },
    });
    const s = h.scenarios['guide-002-deleted-holder'];
    const held = await h.dir.findImmutableIdHolders(s.immutableId);
    expect(held.deleted.map((u) => u.id)).toEqual([s.others['deletedHolder']!.id]);
    expect(held.deleted[0]!.onPremisesDistinguishedName).toContain('Bram de Vries');
    const scans = h.sim.faults.stats.recent.filter(
      (r) =>
        r.rawUrl.startsWith('/v1.0/directory/deletedItems/microsoft.graph.user') &&
        !r.rawUrl.includes('filter'),
    );
    expect(scans.length).toBe(3);
    expect(scans[0]!.rawUrl).toContain('$top=999');
    expect(scans[1]!.rawUrl).toContain('$skiptoken=');

    // The match context goes straight to the fallback now: no deleted-items filter in its batch
    // (user, roles, role groups, active holders, domains, features, eligibility).
    const before = h.sim.faults.stats.batchItems;
    const ctx = await h.dir.getMatchContext(s.cloudUser.id, s.immutableId, {
      userPrincipalName: null,
      primarySmtp: null,
    });
    expect(ctx.holders.deleted.length).toBe(1);
    expect(h.sim.faults.stats.batchItems - before).toBe(7);
  });

  it('a fresh connector discovers the unsupported deleted-items filter inside the batch', async () => {
    h = await startHarness({ faults: { deletedItemsFilter: 'unsupported' } });
    const s = h.scenarios['guide-002-deleted-holder'];
    const ctx = await h.dir.getMatchContext(s.cloudUser.id, s.immutableId, {
      userPrincipalName: null,
      primarySmtp: null,
    });
    expect(ctx.holders.deleted.map((u) => u.userPrincipalName)).toEqual(['bram.devries@contoso.com']);
  });

  it('provisioning-errors filter unsupported: pages through users and filters locally', async () => {
    h = await startHarness({
      faults: { provisioningErrorsFilter: 'unsupported' },
      tenant: (t) => {
        for (let i = 0; i < 1500; i++) t.createCloudUser({ userPrincipalName: `filler${i}@contoso.com` });
        const x = t.createCloudUser({ userPrincipalName: 'late.conflict@contoso.com' });
        t.addProvisioningError(x.id, {
          category: 'PropertyConflict',
          propertyCausingError: 'ProxyAddress',
          value: 'smtp:x@contoso.com',
        });
      },
    });
    const users = await h.dir.listUsersWithProvisioningErrors();
    expect(users.map((u) => u.userPrincipalName).sort()).toEqual([
      'anna.berg@contoso.onmicrosoft.com',
      'late.conflict@contoso.com',
    ]);
    const pages = h.sim.faults.stats.recent.filter(
      (r) => r.rawUrl.startsWith('/v1.0/users?') && !r.rawUrl.includes('filter'),
    );
    expect(pages.length).toBe(2);
  });

  it('$batch: more than 20 requests are split into envelopes; the simulator refuses 21 in one', async () => {
    h = await startHarness();
    const before = h.sim.faults.stats.httpRequests;
    const requests = Array.from({ length: 25 }, (_, i) => ({ id: String(i), url: '/organization' }));
    const results = await runBatch(h.dir.http, requests);
    expect([...results.values()].every((r) => r.ok)).toBe(true);
    expect(results.size).toBe(25);
    expect(h.sim.faults.stats.httpRequests - before).toBe(2);
    const res = await fetch(`${h.sim.url}/v1.0/$batch`, {
      method: 'POST',
      headers: { Authorization: 'Bearer test-token-graph-simulator', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        requests: Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/domains' })),
      }),
    });
    expect(res.status).toBe(400);
  });
});
