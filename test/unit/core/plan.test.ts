import { describe, expect, it } from 'vitest';
import { assessMatch, assessPlaybook } from '../../../core/assess.ts';
import { runChecks } from '../../../core/checks.ts';
import type { MatchFacts } from '../../../core/facts.ts';
import type { PlanStep } from '../../../core/plan.ts';
import { buildPlan } from '../../../core/playbooks/index.ts';
import * as S from '../../fixtures/scenarios.ts';

const plan = (facts: MatchFacts) => buildPlan(facts, runChecks(facts));
const clear = (facts: MatchFacts) => assessPlaybook('clear-immutable-id', facts).plan;
const kinds = (steps: readonly PlanStep[]): string[] => steps.map((s) => s.kind);
const PARKED_DN = `CN=Jane Doe,${S.PARKING_OU}`;

describe('playbook selection and steps', () => {
  it.each<[string, () => MatchFacts, string | null, string[]]>([
    [
      'hard match',
      S.simpleHardMatch,
      'hard-match',
      ['cloud.set-immutable-id', 'relay.delta-sync', 'cloud.verify-link'],
    ],
    [
      'hard match, federated',
      S.federatedUpn,
      'hard-match',
      ['cloud.set-upn', 'cloud.set-upn', 'relay.delta-sync', 'cloud.verify-link'],
    ],
    [
      'synced duplicate',
      S.syncedDuplicate,
      'synced-duplicate',
      [
        'ad.move-user',
        'relay.delta-sync',
        'cloud.confirm-soft-deleted',
        'cloud.hard-delete',
        'cloud.set-immutable-id',
        'ad.move-user',
        'relay.delta-sync',
        'cloud.verify-link',
      ],
    ],
    [
      'deleted holder',
      S.deletedHolder,
      'deleted-holder',
      ['cloud.hard-delete', 'cloud.set-immutable-id', 'relay.delta-sync', 'cloud.verify-link'],
    ],
    [
      'create AD user',
      S.createAdUser,
      'create-ad-account',
      ['ad.create-user', 'cloud.set-immutable-id', 'relay.delta-sync', 'cloud.verify-link'],
    ],
    ['nothing to do', S.alreadyLinked, null, []],
    [
      'ImmutableID already set, not synced yet',
      () => S.withCloudUser(S.simpleHardMatch(), { onPremisesImmutableId: S.JANE_IMMUTABLE_ID }),
      'hard-match',
      ['relay.delta-sync', 'cloud.verify-link'],
    ],
  ])('%s', (_n, make, playbook, expected) => {
    const p = plan(make());
    expect(p.playbook).toBe(playbook);
    expect(kinds(p.steps)).toEqual(expected);
  });

  it('hard match: sets the ImmutableID with the old value as undo', () => {
    const [set, , verify] = plan(S.simpleHardMatch()).steps;
    expect(set).toMatchObject({
      kind: 'cloud.set-immutable-id',
      userId: S.CLOUD_JANE_ID,
      from: null,
      to: S.JANE_IMMUTABLE_ID,
    });
    expect(set!.undo).toEqual({
      kind: 'step',
      step: { kind: 'cloud.set-immutable-id', userId: S.CLOUD_JANE_ID, from: S.JANE_IMMUTABLE_ID, to: null },
      changes: 'Puts back empty - possible only until a sync has linked the users.',
    });
    expect(verify).toMatchObject({
      kind: 'cloud.verify-link',
      immutableId: S.JANE_IMMUTABLE_ID,
      adDn: S.JANE_DN,
    });
  });

  it('hard match, federated: UPN to the initial domain, then back together with the ImmutableID', () => {
    const [away, back] = plan(S.federatedUpn()).steps;
    const temp = 'jane.doe.1e1e1e1e@contoso.onmicrosoft.com';
    expect(away).toMatchObject({ kind: 'cloud.set-upn', fromUpn: 'jane.doe@contoso.com', toUpn: temp });
    expect(away).not.toHaveProperty('immutableId');
    expect(away!.undo).toMatchObject({
      kind: 'step',
      step: { kind: 'cloud.set-upn', fromUpn: temp, toUpn: 'jane.doe@contoso.com' },
    });
    expect(back).toMatchObject({
      kind: 'cloud.set-upn',
      fromUpn: temp,
      toUpn: 'jane.doe@contoso.com',
      immutableId: S.JANE_IMMUTABLE_ID,
    });
  });

  it('synced duplicate: parks the AD user, removes the duplicate, and always moves the user back', () => {
    const steps = plan(S.syncedDuplicate()).steps;
    expect(steps[0]).toMatchObject({
      kind: 'ad.move-user',
      dn: S.JANE_DN,
      fromOuDn: S.STAFF_OU,
      toOuDn: S.PARKING_OU,
      purpose: 'park',
    });
    expect(steps[0]!.undo).toMatchObject({
      kind: 'step',
      step: {
        kind: 'ad.move-user',
        dn: PARKED_DN,
        fromOuDn: S.PARKING_OU,
        toOuDn: S.STAFF_OU,
        purpose: 'return',
      },
    });
    expect(steps[2]).toMatchObject({ kind: 'cloud.confirm-soft-deleted', userId: S.DUPLICATE_ID });
    expect(steps[3]).toMatchObject({
      kind: 'cloud.hard-delete',
      deletedUserId: S.DUPLICATE_ID,
      userPrincipalName: 'jdoe@contoso.onmicrosoft.com',
    });
    expect(steps[3]!.undo.kind).toBe('irreversible');
    expect(steps[5]).toMatchObject({
      kind: 'ad.move-user',
      dn: PARKED_DN,
      fromOuDn: S.PARKING_OU,
      toOuDn: S.STAFF_OU,
      purpose: 'return',
    });
  });

  it('synced duplicate with a deleted holder as well: both are removed before the ImmutableID is set', () => {
    const facts = S.simpleHardMatch({
      cloud: S.context({ holders: { active: [S.syncedDuplicateUser()], deleted: [S.deletedHolderUser()] } }),
    });
    const deletes = plan(facts).steps.filter((s) => s.kind === 'cloud.hard-delete');
    expect(deletes.map((s) => (s.kind === 'cloud.hard-delete' ? s.deletedUserId : ''))).toEqual([
      S.DUPLICATE_ID,
      S.DELETED_ID,
    ]);
  });

  it('deleted holder: hard-deletes the deleted holder first', () => {
    expect(plan(S.deletedHolder()).steps[0]).toMatchObject({
      kind: 'cloud.hard-delete',
      deletedUserId: S.DELETED_ID,
    });
  });

  it('create AD user: creates the AD user from the cloud user and takes the anchor from that step', () => {
    const steps = plan(S.createAdUser()).steps;
    expect(steps[0]).toMatchObject({
      kind: 'ad.create-user',
      spec: {
        ouDn: S.STAFF_OU,
        cn: 'Jane Doe',
        samAccountName: 'jane.doe',
        userPrincipalName: 'jane.doe@contoso.com',
        givenName: null,
        surname: null,
        displayName: 'Jane Doe',
        mail: 'jane.doe@contoso.com',
        proxyAddresses: ['SMTP:jane.doe@contoso.com', 'smtp:jdoe@contoso.com'],
      },
    });
    expect(steps[0]).not.toHaveProperty('spec.password');
    expect(steps[1]).toMatchObject({ kind: 'cloud.set-immutable-id', from: null, to: { fromStep: 0 } });
    expect(steps[3]).toMatchObject({ kind: 'cloud.verify-link', immutableId: { fromStep: 0 }, adDn: null });
  });

  it('create AD user: copies only the address types AD owns', () => {
    const facts = S.withCloudUser(S.createAdUser(), {
      proxyAddresses: [
        'SMTP:jane.doe@contoso.com',
        'SPO:SPO_1e1e@SPO_tenant',
        'SIP:jane.doe@contoso.com',
        'X500:/o=ExchangeLabs/cn=jane',
        'EUM:123',
      ],
    });
    const [create] = plan(facts).steps;
    expect(create).toMatchObject({
      spec: {
        proxyAddresses: [
          'SMTP:jane.doe@contoso.com',
          'SIP:jane.doe@contoso.com',
          'X500:/o=ExchangeLabs/cn=jane',
        ],
      },
    });
  });

  it('clear-immutable-id: clears the ImmutableID (null, not "") and syncs; hard-match blockers do not apply', () => {
    const facts = S.withCloud(
      S.withCloudUser(S.simpleHardMatch(), { onPremisesImmutableId: S.OTHER_IMMUTABLE_ID }),
      {
        roles: [S.GLOBAL_ADMIN],
      },
    );
    const p = clear(facts);
    expect(p.playbook).toBe('clear-immutable-id');
    expect(kinds(p.steps)).toEqual(['cloud.set-immutable-id', 'relay.delta-sync']);
    expect(p.steps[0]).toMatchObject({ from: S.OTHER_IMMUTABLE_ID, to: null });
    expect(p.blockedBy).toEqual([]);
    const synced = S.withCloudUser(facts, {
      onPremisesSyncEnabled: true,
      onPremisesDistinguishedName: 'CN=X,DC=corp,DC=example',
    });
    expect(clear(synced).blockedBy).toEqual(['cloud.already-synced']);
    const empty = S.simpleHardMatch();
    expect(clear(empty).steps).toEqual([]);
  });

  it('clear-immutable-id on a federated UPN: rename away, clear, rename back', () => {
    const facts = S.withCloudUser(S.federatedUpn(), { onPremisesImmutableId: S.OTHER_IMMUTABLE_ID });
    const p = clear(facts);
    const temp = 'jane.doe.1e1e1e1e@contoso.onmicrosoft.com';
    expect(p.steps.map((s) => [s.kind, 'toUpn' in s ? s.toUpn : null, 'to' in s ? s.to : undefined])).toEqual(
      [
        ['cloud.set-upn', temp, undefined],
        ['cloud.set-immutable-id', null, null],
        ['cloud.set-upn', 'jane.doe@contoso.com', undefined],
        ['relay.delta-sync', null, undefined],
      ],
    );
    expect(p.steps[2]).not.toHaveProperty('immutableId');
  });

  it('assessPlaybook(clear-immutable-id): requestable only when there is an ImmutableID to clear', () => {
    expect(
      assessPlaybook(
        'clear-immutable-id',
        S.withCloudUser(S.simpleHardMatch(), { onPremisesImmutableId: S.OTHER_IMMUTABLE_ID }),
      ),
    ).toMatchObject({
      canRequest: true,
      plan: { playbook: 'clear-immutable-id', title: 'Clear the ImmutableID' },
    });
    expect(assessPlaybook('clear-immutable-id', S.simpleHardMatch()).canRequest).toBe(false);
  });

  it('a blocked plan still lists its steps, but cannot be requested', () => {
    const a = assessMatch(S.adminRole());
    expect(a.plan.steps.length).toBe(3);
    expect(a.plan.blockedBy).toEqual(['cloud.privileged-role']);
    expect(a.canRequest).toBe(false);
  });

  it('every step says what it changes, its precondition and its undo, and survives JSON', () => {
    for (const make of [
      S.simpleHardMatch,
      S.federatedUpn,
      S.syncedDuplicate,
      S.deletedHolder,
      S.createAdUser,
    ]) {
      const p = plan(make());
      expect(JSON.parse(JSON.stringify(p))).toEqual(p);
      for (const s of p.steps) {
        expect(s.changes.length).toBeGreaterThan(10);
        expect(s.precondition.length).toBeGreaterThan(10);
        expect(['step', 'irreversible', 'none']).toContain(s.undo.kind);
      }
      const parks = p.steps.filter((s) => s.kind === 'ad.move-user' && s.purpose === 'park').length;
      const returns = p.steps.filter((s) => s.kind === 'ad.move-user' && s.purpose === 'return').length;
      expect(returns).toBe(parks);
    }
  });
});
