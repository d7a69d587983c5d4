// The general rule (issue 10): a fact that could not be read is never a pass. Each check whose fact is
// unread warns and says how to verify by hand; the safety facts (who holds the ImmutableID) block.
import { describe, expect, it } from 'vitest';
import { assessMatch } from '../../../core/assess.ts';
import { runChecks } from '../../../core/checks.ts';
import type { MatchFacts } from '../../../core/facts.ts';
import { basisChanged, planBasis } from '../../../core/plan.ts';
import * as S from '../../fixtures/scenarios.ts';
import { result } from './check-result.ts';

const FORBIDDEN = (permission: string) => ({
  code: 'CLOUD.FORBIDDEN',
  message: `The app lacks the Microsoft Graph application permission ${permission}.`,
});
const NO_BETA = {
  code: 'CLOUD.BAD_REQUEST',
  message: 'Microsoft Graph rejected the request: Invalid version: beta.',
};

const unread = (f: MatchFacts, u: MatchFacts['cloud']['unread']): MatchFacts => S.withCloud(f, { unread: u });

describe('nothing unread is a pass', () => {
  it('every check that passes on fully read facts still runs, and none passes once its fact is unread', () => {
    const all = unread(S.simpleHardMatch({ syncScope: null, scheduler: null }), {
      objectIdentifier: NO_BETA,
      activeRoles: FORBIDDEN('User.Read.All'),
      eligibleRoles: FORBIDDEN('RoleManagement.Read.Directory'),
      features: FORBIDDEN('OnPremDirectorySynchronization.Read.All'),
    });
    const facts = S.withCloud(all, { features: null });
    const passes = runChecks(facts)
      .filter((c) => c.severity === 'pass')
      .map((c) => c.id);
    for (const id of [
      'cloud.object-identifier',
      'cloud.privileged-role',
      'tenant.takeover-block',
      'tenant.features',
      'ad.sync-scope',
      'relay.staging-mode',
    ] as const)
      expect(passes).not.toContain(id);
  });
});

describe('onPremisesObjectIdentifier (2026 hardening)', () => {
  it('unread (no /beta): a warning naming the beta read to do by hand, not "No on-premises object mapping"', () => {
    const r = result(unread(S.simpleHardMatch(), { objectIdentifier: NO_BETA }), 'cloud.object-identifier')!;
    expect(r.severity).toBe('warn');
    expect(r.title).toBe('onPremisesObjectIdentifier could not be read');
    expect(r.explanation).toContain(
      `GET https://graph.microsoft.com/beta/users/${S.CLOUD_JANE_ID}?$select=onPremisesObjectIdentifier`,
    );
    expect(r.explanation).toContain('User-OnPremisesSyncBehavior.ReadWrite.All');
    expect(r.explanation).toContain('Invalid version: beta [CLOUD.BAD_REQUEST]');
  });

  it('read and empty: pass', () => {
    expect(result(S.simpleHardMatch(), 'cloud.object-identifier')?.severity).toBe('pass');
  });
});

describe('privileged roles', () => {
  it('no P2: "none, no P2" said on the check, and a pass', () => {
    const r = result(S.withCloud(S.simpleHardMatch(), { entraIdP2: false }), 'cloud.privileged-role')!;
    expect(r.severity).toBe('pass');
    expect(r.explanation).toContain('no Microsoft Entra ID P2');
    expect(r.explanation).toContain('none, no P2');
    expect(r.data['entraIdP2']).toBe(false);
  });

  it('active roles unread: warn with where to look', () => {
    const r = result(
      unread(S.simpleHardMatch(), { activeRoles: FORBIDDEN('User.Read.All') }),
      'cloud.privileged-role',
    )!;
    expect(r).toMatchObject({ severity: 'warn', title: 'Admin roles could not be read' });
    expect(r.explanation).toContain('Assigned roles');
  });

  it('eligibility unread (not for want of P2): warn', () => {
    const r = result(
      S.withCloud(
        unread(S.simpleHardMatch(), { eligibleRoles: FORBIDDEN('RoleManagement.Read.Directory') }),
        {
          entraIdP2: null,
        },
      ),
      'cloud.privileged-role',
    )!;
    expect(r).toMatchObject({ severity: 'warn', title: 'Eligible (PIM) admin roles could not be read' });
    expect(r.explanation).toContain('RoleManagement.Read.Directory');
  });

  it('a role held through a role-assignable group blocks and names the group', () => {
    const facts = S.withCloud(S.simpleHardMatch(), {
      roles: [{ ...S.USER_ADMIN_ELIGIBLE, viaGroup: 'Tier-0 admins' }],
    });
    const r = result(facts, 'cloud.privileged-role')!;
    expect(r.severity).toBe('block');
    expect(r.explanation).toContain('User Administrator (eligible, through the group Tier-0 admins)');
  });
});

describe('holders of the ImmutableID are a safety fact: unread blocks', () => {
  it.each([
    ['active', 'activeHolders', 'holder.active'],
    ['deleted', 'deletedHolders', 'holder.deleted'],
  ] as const)('%s holders unread: block, the plan cannot be requested', (_n, fact, id) => {
    const facts = unread(S.simpleHardMatch(), { [fact]: FORBIDDEN('User.Read.All') });
    const r = result(facts, id)!;
    expect(r.severity).toBe('block');
    expect(r.explanation).toContain('User.Read.All');
    expect(r.explanation).toContain('ConsistencyLevel: eventual');
    const a = assessMatch(facts);
    expect(a.canRequest).toBe(false);
    expect(a.plan.blockedBy).toContain(id);
  });
});

describe('the sync scope through the relay', () => {
  it('parking OU with the scope unknown: warn, not "configured"', () => {
    const r = result(S.syncedDuplicate({ syncScope: null }), 'config.parking-ou')!;
    expect(r.severity).toBe('warn');
    expect(r.explanation).toContain(S.PARKING_OU);
  });

  it('the OU for new AD users with the scope unknown: warn', () => {
    expect(result(S.createAdUser({ syncScope: null }), 'create.target-ou')?.severity).toBe('warn');
  });
});

describe('soft-match prediction without the tenant settings', () => {
  it('the chosen user shares the UPN but the settings are unread: warn, not "No soft match expected"', () => {
    const facts = S.withCloud(S.simpleHardMatch(), { features: null });
    const r = result(facts, 'match.soft-match')!;
    expect(r).toMatchObject({ severity: 'warn', title: 'Soft match unknown' });
  });
});

describe('plan basis', () => {
  it('records unread facts, so an approval made on read facts is stale when a job can no longer read them', () => {
    const approved = planBasis(S.simpleHardMatch());
    expect(approved.unreadFacts).toBeUndefined();
    const now = planBasis(unread(S.simpleHardMatch(), { objectIdentifier: NO_BETA }));
    expect(now.unreadFacts).toEqual(['objectIdentifier']);
    expect(basisChanged(approved, now)).toEqual(['facts that could not be read']);
    expect(basisChanged(approved, planBasis(S.simpleHardMatch()))).toEqual([]);
  });
});
