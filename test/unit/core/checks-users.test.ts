// The checks on the AD user and the cloud user, one case per situation (holders: checks-holders.test.ts).
import { describe, expect, it } from 'vitest';
import { runChecks, type CheckId } from '../../../core/checks.ts';
import { HARDENING_ERROR } from '../../../core/checks/cloud.ts';
import type { MatchFacts } from '../../../core/facts.ts';
import * as S from '../../fixtures/scenarios.ts';
import { result, severity } from './check-result.ts';

describe('AD user', () => {
  it.each<[string, MatchFacts, CheckId, string | undefined]>([
    [
      'critical system object blocks',
      S.simpleHardMatch({ adUser: S.adUser({ isCriticalSystemObject: true }) }),
      'ad.critical-object',
      'block',
    ],
    ['ordinary account: no system-object result', S.simpleHardMatch(), 'ad.critical-object', undefined],
    [
      'disabled account warns',
      S.simpleHardMatch({ adUser: S.adUser({ enabled: false }) }),
      'ad.disabled',
      'warn',
    ],
    ['enabled account: no result', S.simpleHardMatch(), 'ad.disabled', undefined],
    ['no AD user (an AD account to create): no anchor result', S.createAdUser(), 'ad.anchor', undefined],
  ])('%s', (_n, facts, id, expected) => {
    expect(severity(facts, id)).toBe(expected);
  });

  it('disabled: says the cloud sign-in is disabled too', () => {
    expect(
      result(S.simpleHardMatch({ adUser: S.adUser({ enabled: false }) }), 'ad.disabled')?.explanation,
    ).toContain('the cloud account is disabled too');
  });

  it('anchor from objectGUID', () => {
    const r = result(S.simpleHardMatch(), 'ad.anchor')!;
    expect(r.severity).toBe('pass');
    expect(r.data).toEqual({
      immutableId: S.JANE_IMMUTABLE_ID,
      anchorGuid: S.JANE_GUID,
      sourceAnchor: 'objectGUID',
      source: 'objectGUID',
      objectGuid: S.JANE_GUID,
      consistencyDiffersFromObjectGuid: false,
    });
  });

  it('anchor from a ConsistencyGuid that differs from objectGUID (migrated user)', () => {
    const facts = S.simpleHardMatch({
      sourceAnchor: 'mS-DS-ConsistencyGuid',
      adUser: S.adUser({ consistencyGuid: S.OTHER_IMMUTABLE_ID }),
      immutableId: S.OTHER_IMMUTABLE_ID,
    });
    const r = result(facts, 'ad.anchor')!;
    expect(r.severity).toBe('pass');
    expect(r.data['source']).toBe('mS-DS-ConsistencyGuid');
    expect(r.data['anchorGuid']).toBe('59815f49-920b-4e9d-ad6c-82b53aa4c102');
    expect(r.data['consistencyDiffersFromObjectGuid']).toBe(true);
  });

  it('a ConsistencyGuid that is not 16 bytes warns and is still used as it is', () => {
    const odd = 'AAECAwQFBgcICQoLDA0ODxAR';
    const facts = S.simpleHardMatch({
      sourceAnchor: 'mS-DS-ConsistencyGuid',
      adUser: S.adUser({ consistencyGuid: odd }),
      immutableId: odd,
    });
    const r = result(facts, 'ad.anchor')!;
    expect(r.severity).toBe('warn');
    expect(r.data['immutableId']).toBe(odd);
    expect(r.data['anchorGuid']).toBeNull();
  });
});

describe('sync scope (OU filtering)', () => {
  const at = (dn: string, scope = S.syncScope()): MatchFacts =>
    S.simpleHardMatch({ adUser: S.adUser({ dn }), syncScope: scope });
  it.each<[string, string, ReturnType<typeof S.syncScope>, string]>([
    ['included through the domain root', S.JANE_DN, S.syncScope(), 'pass'],
    ['excluded container', 'CN=Jane Doe,CN=Users,DC=corp,DC=example', S.syncScope(), 'block'],
    ['in the parking OU', `CN=Jane Doe,${S.PARKING_OU}`, S.syncScope(), 'block'],
    [
      'not among the included OUs',
      S.JANE_DN,
      S.syncScope({ inclusions: ['OU=Sales,DC=corp,DC=example'], exclusions: [] }),
      'block',
    ],
    [
      'child OU of an included OU',
      'CN=Jane Doe,OU=Berlin,OU=Sales,DC=corp,DC=example',
      S.syncScope({ inclusions: ['OU=Sales,DC=corp,DC=example'], exclusions: [] }),
      'pass',
    ],
    [
      're-included below an excluded OU',
      'CN=Jane Doe,OU=Keep,OU=Old,DC=corp,DC=example',
      S.syncScope({
        inclusions: ['DC=corp,DC=example', 'OU=Keep,OU=Old,DC=corp,DC=example'],
        exclusions: ['OU=Old,DC=corp,DC=example'],
      }),
      'pass',
    ],
    [
      'case and spaces differ',
      'cn=Jane Doe, ou=STAFF , dc=Corp,dc=Example',
      S.syncScope({ inclusions: ['OU=Staff,DC=corp,DC=example'], exclusions: [] }),
      'pass',
    ],
    [
      'similar but different OU name',
      'CN=Jane Doe,OU=Staff2,DC=corp,DC=example',
      S.syncScope({ inclusions: ['OU=Staff,DC=corp,DC=example'], exclusions: [] }),
      'block',
    ],
    ['no OU filtering at all', S.JANE_DN, S.syncScope({ inclusions: [], exclusions: [] }), 'pass'],
    [
      'group filtering on top',
      S.JANE_DN,
      S.syncScope({ groupFilteringGroupDn: 'CN=Sync,OU=Groups,DC=corp,DC=example' }),
      'warn',
    ],
  ])('%s -> %s', (_n, dn, scope, expected) => {
    expect(severity(at(dn, scope), 'ad.sync-scope')).toBe(expected);
  });

  it('names the exclusion that applies', () => {
    const r = result(S.outOfScope(), 'ad.sync-scope')!;
    expect(r.data['matchedExclusion']).toBe('CN=Users,DC=corp,DC=example');
    expect(r.explanation).toContain('its OU is excluded (CN=Users,DC=corp,DC=example)');
  });

  it('unknown scope (relay down): a warning that says where to look, never a pass', () => {
    const r = result(S.relayDown(), 'ad.sync-scope')!;
    expect(r.severity).toBe('warn');
    expect(r.explanation).toContain('Configure Directory Partitions');
    expect(r.explanation).toContain('OU=Staff,DC=corp,DC=example');
  });
});

describe('cloud user', () => {
  it('guest accounts are refused', () => {
    const facts = S.withCloudUser(S.simpleHardMatch(), {
      userPrincipalName: 'jane_fabrikam.com#EXT#@contoso.onmicrosoft.com',
    });
    expect(severity(facts, 'cloud.guest')).toBe('block');
  });

  it('already linked to this AD user: pass, nothing else about the cloud user', () => {
    const checks = runChecks(S.alreadyLinked());
    expect(checks.find((c) => c.id === 'cloud.already-linked')?.title).toBe('Already linked');
    for (const id of [
      'cloud.already-synced',
      'cloud.privileged-role',
      'tenant.takeover-block',
      'match.attributes',
    ] as const)
      expect(checks.find((c) => c.id === id)).toBeUndefined();
  });

  it('already holding this ImmutableID but not synced yet: pass', () => {
    const facts = S.withCloudUser(S.simpleHardMatch(), { onPremisesImmutableId: S.JANE_IMMUTABLE_ID });
    expect(result(facts, 'cloud.already-linked')?.title).toBe('ImmutableID already set');
    expect(severity(facts, 'cloud.other-immutable-id')).toBeUndefined();
  });

  it('synced from another AD account: block naming it', () => {
    const facts = S.withCloudUser(S.simpleHardMatch(), {
      onPremisesSyncEnabled: true,
      onPremisesImmutableId: S.OTHER_IMMUTABLE_ID,
      onPremisesDistinguishedName: 'CN=J Doe,OU=Old,DC=corp,DC=example',
    });
    const r = result(facts, 'cloud.already-synced')!;
    expect(r.severity).toBe('block');
    expect(r.explanation).toContain('(CN=J Doe,OU=Old,DC=corp,DC=example)');
  });

  it('previously synced (onPremisesSyncEnabled false): warn', () => {
    const facts = S.withCloudUser(S.simpleHardMatch(), { onPremisesSyncEnabled: false });
    expect(severity(facts, 'cloud.already-synced')).toBe('warn');
  });

  it('another ImmutableID on a cloud-only user: warn, the plan overwrites and can put it back', () => {
    const facts = S.withCloudUser(S.simpleHardMatch(), { onPremisesImmutableId: S.OTHER_IMMUTABLE_ID });
    const r = result(facts, 'cloud.other-immutable-id')!;
    expect(r.severity).toBe('warn');
    expect(r.data).toEqual({
      userId: S.CLOUD_JANE_ID,
      current: S.OTHER_IMMUTABLE_ID,
      planned: S.JANE_IMMUTABLE_ID,
    });
  });

  it("privileged role (active or eligible): block with Microsoft's error text and the roles", () => {
    const r = result(S.adminRole(), 'cloud.privileged-role')!;
    expect(r.severity).toBe('block');
    expect(r.explanation).toContain(
      'Hard match operation blocked due to security hardening. Review OnPremisesObjectIdentifier mapping.',
    );
    expect(r.explanation).toContain('Global Administrator (active), User Administrator (eligible)');
    expect(r.data['errorText']).toBe(HARDENING_ERROR);
  });

  it('onPremisesObjectIdentifier set: block with the recovery', () => {
    const r = result(S.objectIdentifierSet(), 'cloud.object-identifier')!;
    expect(r.severity).toBe('block');
    expect(r.explanation).toContain(HARDENING_ERROR);
    expect(r.explanation).toContain('{"onPremisesObjectIdentifier": null}');
    expect(r.explanation).toContain('User-OnPremisesSyncBehavior.ReadWrite.All');
    expect(r.explanation).toMatch(/Global or Hybrid Identity Administrator/);
    expect(r.data['onPremisesObjectIdentifier']).toBe('5b5b5b5b-0000-4000-8000-00000000000b');
  });

  it('federated UPN: warn naming the temporary domain', () => {
    const r = result(S.federatedUpn(), 'cloud.federated-upn')!;
    expect(r.severity).toBe('warn');
    expect(r.data).toEqual({ domain: 'contoso.com', initialDomain: 'contoso.onmicrosoft.com' });
  });

  it('federated UPN without a known initial domain: block', () => {
    const facts = S.withCloud(S.simpleHardMatch(), {
      domains: [{ id: 'contoso.com', authenticationType: 'Federated', isInitial: false, isVerified: true }],
    });
    expect(severity(facts, 'cloud.federated-upn')).toBe('block');
  });
});
