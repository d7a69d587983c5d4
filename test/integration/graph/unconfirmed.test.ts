// The connector under BOTH outcomes of every behaviour reference/graph.md marks UNCONFIRMED (each a
// switch of the simulator: sandbox/graph/faults.ts), and with every list paged at two items, so each
// read must follow @odata.nextLink. The checks are run on what the connector read: an outcome that
// hides a fact must never turn into a pass.
import { afterEach, describe, expect, it } from 'vitest';
import { runChecks } from '../../../core/checks.ts';
import type { CheckId } from '../../../core/checks.ts';
import type { MatchFacts } from '../../../core/facts.ts';
import type { CloudMatchContext } from '../../../core/ports.ts';
import type { GraphFaultOptions } from '../../../sandbox/graph/faults.ts';
import type { ScenarioName } from '../../../sandbox/scenarios-data.ts';
import * as S from '../../fixtures/scenarios.ts';
import { startHarness, type Harness } from './harness.ts';

let h: Harness | undefined;
afterEach(() => h?.close());

const contextOf = async (harness: Harness, name: ScenarioName, byUpn = false): Promise<CloudMatchContext> => {
  const s = harness.scenarios[name];
  return harness.dir.getMatchContext(byUpn ? s.cloudUser.userPrincipalName : s.cloudUser.id, s.immutableId, {
    userPrincipalName: s.adUser.userPrincipalName,
    primarySmtp: s.adUser.mail,
  });
};

/** The checks on a real context, with the scenario's AD user (scope and scheduler from the fixtures). */
const verdict = (cloud: CloudMatchContext, id: CheckId, name: ScenarioName): string | undefined => {
  const s = h!.scenarios[name];
  const adUser = S.adUser({
    dn: s.adUser.dn,
    objectGuid: s.adUser.objectGuid,
    samAccountName: s.adUser.samAccountName,
    userPrincipalName: s.adUser.userPrincipalName,
    mail: s.adUser.mail,
    proxyAddresses: s.adUser.proxyAddresses,
  });
  const facts: MatchFacts = { ...S.simpleHardMatch(), adUser, immutableId: s.immutableId, cloud };
  return runChecks(facts).find((c) => c.id === id)?.severity;
};

const paged: GraphFaultOptions = { pageSize: 2 };

describe('deleted-items $filter (supported / advanced-only / unsupported)', () => {
  it.each(['supported', 'advanced-only', 'unsupported'] as const)(
    '%s: the deleted holder is found',
    async (mode) => {
      h = await startHarness({ faults: { ...paged, deletedItemsFilter: mode } });
      const s = h.scenarios['guide-002-deleted-holder'];
      const ctx = await contextOf(h, 'guide-002-deleted-holder');
      expect(ctx.holders.deleted.map((u) => u.id)).toEqual([s.others['deletedHolder']!.id]);
      expect(ctx.unread).toEqual({});
      const scans = h.sim.faults.stats.recent.filter(
        (r) =>
          r.rawUrl.startsWith('/v1.0/directory/deletedItems/microsoft.graph.user?') &&
          !r.rawUrl.includes('filter'),
      );
      // The full recycle-bin scan is the rare path: only where the filter is refused outright.
      expect(scans.length > 0).toBe(mode === 'unsupported');
      expect(verdict(ctx, 'holder.deleted', 'guide-002-deleted-holder')).toBe('warn');
    },
  );
});

describe('app-only read of the sync features (allowed / refused)', () => {
  it('allowed: read, and the takeover block has a verdict', async () => {
    h = await startHarness({ faults: { ...paged, featuresAppOnly: 'allowed' } });
    const ctx = await contextOf(h, 'guide-004-simple');
    expect(ctx.features?.blockCloudObjectTakeoverThroughHardMatchEnabled).toBe(false);
    expect(verdict(ctx, 'tenant.takeover-block', 'guide-004-simple')).toBe('pass');
  });

  it('refused: unread with the permission named, and the takeover block is a warning, never a pass', async () => {
    h = await startHarness({ faults: { ...paged, featuresAppOnly: 'refused' } });
    const ctx = await contextOf(h, 'guide-004-simple');
    expect(ctx.features).toBeNull();
    expect(ctx.unread.features?.message).toContain('OnPremDirectorySynchronization.Read.All');
    expect(verdict(ctx, 'tenant.takeover-block', 'guide-004-simple')).toBe('warn');
  });
});

describe('onPremisesObjectIdentifier: v1.0 refuses or ignores it (UNCONFIRMED), /beta has it', () => {
  it.each(['refused', 'ignored'] as const)(
    'v1.0 %s: the value is read from beta either way, and the hardening blocks',
    async (betaOnlyOnV1) => {
      h = await startHarness({ faults: { ...paged, betaOnlyOnV1 } });
      const s = h.scenarios['object-identifier-set'];
      for (const byUpn of [false, true]) {
        const ctx = await contextOf(h, 'object-identifier-set', byUpn);
        expect(ctx.cloudUser.onPremisesObjectIdentifier).toBe(s.adUser.objectGuid);
        expect(verdict(ctx, 'cloud.object-identifier', 'object-identifier-set')).toBe('block');
      }
      // v1.0 reads never name it: no v1.0 request selected it.
      const v1 = h.sim.faults.stats.recent.filter((r) => r.rawUrl.startsWith('/v1.0/'));
      expect(v1.some((r) => decodeURIComponent(r.rawUrl).includes('onPremisesObjectIdentifier'))).toBe(false);
    },
  );

  it('/beta unavailable: unread, and the check warns instead of "No on-premises object mapping"', async () => {
    h = await startHarness({ faults: { ...paged, beta: 'unavailable' } });
    const ctx = await contextOf(h, 'object-identifier-set');
    expect(ctx.cloudUser.onPremisesObjectIdentifier).toBeNull();
    expect(ctx.unread.objectIdentifier?.code).toBe('CLOUD.BAD_REQUEST');
    expect(verdict(ctx, 'cloud.object-identifier', 'object-identifier-set')).toBe('warn');
    const org = await h.dir.getOrganizationSyncStatus();
    expect(org.onPremisesLastPasswordSyncDateTime).toBeNull();
    expect(org.lastPasswordSyncUnread?.code).toBe('CLOUD.BAD_REQUEST');
  });
});

describe('Entra ID P2 (a tenant setting)', () => {
  it('with P2: active and eligible roles, by id and by UPN', async () => {
    h = await startHarness({ faults: paged });
    for (const byUpn of [false, true]) {
      const ctx = await contextOf(h, 'admin-role', byUpn);
      expect(ctx.entraIdP2).toBe(true);
      expect(ctx.roles.map((r) => `${r.kind}:${r.displayName}`).sort()).toEqual([
        'active:Global Administrator',
        'eligible:User Administrator',
      ]);
    }
  });

  it('without P2: no eligibility can exist - read as none, no P2, with nothing unread', async () => {
    h = await startHarness({ faults: paged, entraIdP2: false });
    const ctx = await contextOf(h, 'admin-role');
    expect(ctx.entraIdP2).toBe(false);
    expect(ctx.unread).toEqual({});
    expect(ctx.roles.map((r) => `${r.kind}:${r.displayName}`)).toEqual(['active:Global Administrator']);
    const plain = await contextOf(h, 'guide-004-simple');
    expect(verdict(plain, 'cloud.privileged-role', 'guide-004-simple')).toBe('pass');
  });

  it('eligibility through a role-assignable group counts, by the group’s name', async () => {
    h = await startHarness({
      faults: paged,
      tenant: (t) => {
        const carla = t.getUser('carla.obrien@contoso.com')!;
        const group = t.createGroup('Tier-0 admins', undefined, { isAssignableToRole: true });
        t.addGroupMember(group.id, carla.id);
        t.assignRole(group.id, '62e90394-69f5-4237-9190-012177145e10', 'eligible');
      },
    });
    const ctx = await contextOf(h, 'guide-004-simple');
    expect(ctx.roles).toEqual([
      expect.objectContaining({
        kind: 'eligible',
        displayName: 'Global Administrator',
        viaGroup: 'Tier-0 admins',
      }),
    ]);
    expect(verdict(ctx, 'cloud.privileged-role', 'guide-004-simple')).toBe('block');
  });
});

describe('paging', () => {
  it('two items a page: holders, candidates and domains are all read through nextLinks', async () => {
    h = await startHarness({
      faults: paged,
      tenant: (t) => {
        // Three more users with the same SMTP prefix are not holders; a second holder of anna's anchor is impossible.
        for (let i = 0; i < 3; i++) t.createCloudUser({ userPrincipalName: `filler${i}@contoso.com` });
      },
    });
    const ctx = await contextOf(h, 'guide-000-synced-duplicate');
    expect(ctx.domains).toHaveLength(3);
    expect(ctx.holders.active.map((u) => u.userPrincipalName)).toEqual(['anna.berg@contoso.onmicrosoft.com']);
    expect(
      h.sim.faults.stats.recent.some(
        (r) => r.rawUrl.includes('/v1.0/domains?') && r.rawUrl.includes('skiptoken'),
      ),
    ).toBe(true);
  });
});
