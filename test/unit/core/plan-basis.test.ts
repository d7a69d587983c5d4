// The plan's hash and basis: what an approval binds to, so a change between approval and execution is
// seen and named. (Playbook selection and steps are in plan.test.ts.)
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../core/checks.ts';
import type { MatchFacts } from '../../../core/facts.ts';
import { basisChanged, canonicalJson, planBasis } from '../../../core/plan.ts';
import { buildPlan } from '../../../core/playbooks/index.ts';
import * as S from '../../fixtures/scenarios.ts';

const plan = (facts: MatchFacts) => buildPlan(facts, runChecks(facts));

describe('hash and basis', () => {
  it('equal facts give an equal hash (sha256 hex)', () => {
    const a = plan(S.syncedDuplicate());
    const b = plan(S.syncedDuplicate());
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
  });

  it('facts that do not change the plan do not change the hash', () => {
    const base = plan(S.simpleHardMatch()).hash;
    expect(plan(S.simpleHardMatch({ gatheredAt: '2026-11-22T02:00:00.000Z' })).hash).toBe(base);
    expect(plan(S.simpleHardMatch({ scheduler: S.scheduler({ syncCycleInProgress: true }) })).hash).toBe(
      base,
    );
  });

  it.each<[string, MatchFacts, string[]]>([
    [
      'AD user moved',
      S.simpleHardMatch({ adUser: S.adUser({ dn: 'CN=Jane Doe,OU=Sales,DC=corp,DC=example' }) }),
      ['AD user location (DN)'],
    ],
    [
      'cloud UPN changed',
      S.withCloudUser(S.simpleHardMatch(), { userPrincipalName: 'jane@contoso.com' }),
      ['cloud user UPN'],
    ],
    [
      'cloud user got an ImmutableID',
      S.withCloudUser(S.simpleHardMatch(), { onPremisesImmutableId: S.OTHER_IMMUTABLE_ID }),
      ["cloud user's ImmutableID"],
    ],
    ['a deleted holder appeared', S.deletedHolder(), ['deleted users holding the ImmutableID']],
    ['takeover block turned on', S.takeoverBlock(), ["tenant's hard-match takeover block"]],
    ['role assigned', S.adminRole(), ["cloud user's admin roles"]],
    ['domain federated', S.federatedUpn(), ["cloud UPN domain's authentication (managed/federated)"]],
    ['staging mode', S.stagingMode(), ['Entra Connect staging mode']],
    [
      'parking OU changed',
      S.simpleHardMatch({ parkingOuDn: 'OU=Other,DC=corp,DC=example' }),
      // Not excluded from the sync like the old one: it would not take the user out of scope.
      ['configured parking OU', "parking OU's sync scope"],
    ],
    [
      'AD account disabled',
      S.simpleHardMatch({ adUser: S.adUser({ enabled: false }) }),
      ['AD account enabled'],
    ],
  ])('%s changes the hash and names the field', (_n, changed, fields) => {
    const before = plan(S.simpleHardMatch());
    const after = plan(changed);
    expect(after.hash).not.toBe(before.hash);
    expect(basisChanged(before.basis, after.basis)).toEqual(fields);
  });

  it('basis of the simple hard match, exactly', () => {
    expect(planBasis(S.simpleHardMatch())).toEqual({
      sourceAnchor: 'objectGUID',
      adDn: S.JANE_DN,
      adObjectGuid: S.JANE_GUID,
      adImmutableId: S.JANE_IMMUTABLE_ID,
      adEnabled: true,
      adUserPrincipalName: 'jane.doe@contoso.com',
      adCriticalSystemObject: false,
      cloudUserId: S.CLOUD_JANE_ID,
      cloudUserPrincipalName: 'jane.doe@contoso.com',
      cloudImmutableId: null,
      cloudSyncEnabled: null,
      cloudObjectIdentifier: null,
      cloudUpnDomainAuth: 'Managed',
      initialDomain: 'contoso.onmicrosoft.com',
      activeHolderIds: [],
      deletedHolderIds: [],
      syncedDuplicateIds: [],
      foreignHolderIds: [],
      anchorMismatchIds: [],
      privilegedRoleIds: [],
      takeoverBlockEnabled: false,
      stagingMode: false,
      adInSyncScope: true,
      parkingOuDn: S.PARKING_OU,
      parkingOuInSyncScope: false,
      newUserOuDn: S.STAFF_OU,
      newUserOuInSyncScope: true,
      adCollisionDns: null,
    });
  });

  it('holder order does not matter', () => {
    const two = [S.deletedHolderUser(), S.deletedHolderUser({ id: S.OTHER_ID })];
    const a = S.simpleHardMatch({ cloud: S.context({ holders: { active: [], deleted: two } }) });
    const b = S.simpleHardMatch({
      cloud: S.context({ holders: { active: [], deleted: [...two].reverse() } }),
    });
    expect(basisChanged(planBasis(a), planBasis(b))).toEqual([]);
  });

  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});
