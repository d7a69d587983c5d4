// Tenant settings, Entra Connect through the relay, soft-match prediction, attribute comparison and the
// creation checks of the create-ad-account playbook.
import { describe, expect, it } from 'vitest';
import type { CheckId } from '../../../core/checks.ts';
import type { MatchFacts } from '../../../core/facts.ts';
import * as S from '../../fixtures/scenarios.ts';
import { result, severity } from './check-result.ts';

const predictions = (facts: MatchFacts): unknown => result(facts, 'match.soft-match')?.data['predictions'];

describe('tenant', () => {
  it("takeover block: block with Microsoft's guidance", () => {
    const r = result(S.takeoverBlock(), 'tenant.takeover-block')!;
    expect(r.severity).toBe('block');
    expect(r.explanation).toContain('Hybrid Identity Administrator turns the block off only while matching');
    expect(r.explanation).toContain('InvalidHardMatch');
  });
  it('features unreadable: warn, and the takeover block is unknown (warn naming how to verify), never a pass', () => {
    const facts = S.withCloud(S.simpleHardMatch(), {
      features: null,
      unread: { features: { code: 'CLOUD.FORBIDDEN', message: 'Insufficient privileges.' } },
    });
    expect(severity(facts, 'tenant.features')).toBe('warn');
    const r = result(facts, 'tenant.takeover-block')!;
    expect(r.severity).toBe('warn');
    expect(r.title).toBe("Tenant's hard-match takeover block unknown");
    expect(r.explanation).toContain('Insufficient privileges [CLOUD.FORBIDDEN]');
    expect(r.explanation).toContain(
      'GET https://graph.microsoft.com/v1.0/directory/onPremisesSynchronization',
    );
    expect(r.explanation).toContain('blockCloudObjectTakeoverThroughHardMatchEnabled');
  });
});

describe('Entra Connect through the relay', () => {
  it.each<[string, MatchFacts, CheckId, string | undefined]>([
    ['reachable', S.simpleHardMatch(), 'relay.reachable', 'pass'],
    [
      'no relay configured',
      S.simpleHardMatch({ relayStatus: { kind: 'not-configured' }, scheduler: null, syncScope: null }),
      'relay.reachable',
      'warn',
    ],
    ['relay failed', S.relayDown(), 'relay.reachable', 'warn'],
    [
      'old snapshot without relayStatus but a scheduler',
      (({ relayStatus: _r, ...f }) => f)(S.simpleHardMatch()),
      'relay.reachable',
      'pass',
    ],
    ['staging mode', S.stagingMode(), 'relay.staging-mode', 'block'],
    ['staging unknown', S.relayDown(), 'relay.staging-mode', 'warn'],
    [
      'cycle running',
      S.simpleHardMatch({ scheduler: S.scheduler({ syncCycleInProgress: true }) }),
      'relay.sync-in-progress',
      'warn',
    ],
    ['idle', S.simpleHardMatch(), 'relay.sync-in-progress', undefined],
    [
      'scheduler suspended',
      S.simpleHardMatch({ scheduler: S.scheduler({ schedulerSuspended: true }) }),
      'relay.scheduler',
      'warn',
    ],
    [
      'scheduler disabled',
      S.simpleHardMatch({ scheduler: S.scheduler({ syncCycleEnabled: false }) }),
      'relay.scheduler',
      'warn',
    ],
    ['scheduler running normally', S.simpleHardMatch(), 'relay.scheduler', undefined],
  ])('%s', (_n, facts, id, expected) => {
    expect(severity(facts, id)).toBe(expected);
  });
  it('relay failure keeps the reason', () => {
    const r = result(S.relayDown(), 'relay.reachable')!;
    expect(r.data).toEqual({
      status: 'failed',
      code: 'RELAY.UNAVAILABLE',
      message: 'The relay agent did not answer.',
    });
    expect(r.explanation).toContain('Start-ADSyncSyncCycle -PolicyType Delta');
  });
});

describe('soft-match prediction', () => {
  const other = S.cloudUser({
    id: S.OTHER_ID,
    userPrincipalName: 'jane.doe@contoso.com',
    proxyAddresses: [],
  });
  it('same UPN and SMTP, blank ImmutableID: a sync would match these two anyway', () => {
    expect(result(S.simpleHardMatch(), 'match.soft-match')?.title).toBe(
      'A sync would match these two anyway',
    );
    expect(predictions(S.simpleHardMatch())).toEqual([
      {
        userId: S.CLOUD_JANE_ID,
        userPrincipalName: 'jane.doe@contoso.com',
        chosen: true,
        by: ['upn', 'smtp'],
        outcome: 'soft-match',
      },
    ]);
  });
  it('UPN soft match off and SMTP different: no soft match', () => {
    const facts = S.withCloud(
      S.withCloudUser(S.simpleHardMatch(), { proxyAddresses: ['SMTP:jd@contoso.com'] }),
      {
        features: S.features({ softMatchOnUpnEnabled: false }),
      },
    );
    expect(result(facts, 'match.soft-match')?.title).toBe('No soft match expected');
    expect(predictions(facts)).toEqual([]);
  });
  it('blockSoftMatchEnabled: blocked', () => {
    const facts = S.withCloud(S.simpleHardMatch(), { features: S.features({ blockSoftMatchEnabled: true }) });
    expect(severity(facts, 'match.soft-match')).toBe('pass');
    expect((predictions(facts) as { outcome: string }[])[0]!.outcome).toBe('blocked');
  });
  it('never onto an admin', () => {
    expect((predictions(S.adminRole()) as { outcome: string }[])[0]!.outcome).toBe('admin-refused');
  });
  it('onto a DIFFERENT cloud user: warn', () => {
    const facts = S.withCloud(
      S.withCloudUser(S.simpleHardMatch(), {
        userPrincipalName: 'jane@contoso.com',
        proxyAddresses: [],
        mail: null,
      }),
      {
        softMatchCandidates: [other],
      },
    );
    const r = result(facts, 'match.soft-match')!;
    expect(r.severity).toBe('warn');
    expect(r.explanation).toContain(
      'it would match jane.doe@contoso.com instead (same sign-in name and email address)',
    );
  });
  it('InvalidSoftMatch on another user with a different ImmutableID: warn', () => {
    const facts = S.withCloud(S.simpleHardMatch(), {
      softMatchCandidates: [
        {
          ...other,
          proxyAddresses: ['SMTP:jane.doe@contoso.com'],
          onPremisesImmutableId: S.OTHER_IMMUTABLE_ID,
        },
      ],
    });
    expect(result(facts, 'match.soft-match')?.explanation).toContain(
      'so Entra Connect reports InvalidSoftMatch',
    );
  });
  it('InvalidSoftMatch on the chosen user (it has another ImmutableID): pass, the hard match ends it', () => {
    const facts = S.withCloudUser(S.simpleHardMatch(), { onPremisesImmutableId: S.OTHER_IMMUTABLE_ID });
    expect(result(facts, 'match.soft-match')?.title).toBe('A sync alone reports InvalidSoftMatch');
  });
  it('AD user already known to Connect (synced duplicate, deleted holder): no soft match', () => {
    expect(result(S.syncedDuplicate(), 'match.soft-match')?.data['prediction']).toBe('known-to-connect');
    expect(result(S.deletedHolder(), 'match.soft-match')?.data['prediction']).toBe('known-to-connect');
  });
});

describe('attribute differences', () => {
  it('agreeing values pass', () => {
    expect(severity(S.simpleHardMatch(), 'match.attributes')).toBe('pass');
  });
  it('UPN, primary SMTP and lost addresses are listed', () => {
    const facts = S.withCloudUser(S.simpleHardMatch(), {
      userPrincipalName: 'jane@contoso.com',
      proxyAddresses: ['SMTP:jane@contoso.com', 'smtp:sales@contoso.com'],
    });
    expect(result(facts, 'match.attributes')?.data['differences']).toEqual([
      'the sign-in name changes from jane@contoso.com to jane.doe@contoso.com',
      'the primary email address changes from jane@contoso.com to jane.doe@contoso.com',
      'the mailbox loses the addresses jane@contoso.com, sales@contoso.com (not in AD)',
    ]);
  });
  it('AD UPN in an unverified domain becomes onmicrosoft.com', () => {
    const facts = S.simpleHardMatch({ adUser: S.adUser({ userPrincipalName: 'jdoe@corp.local' }) });
    expect(result(facts, 'match.attributes')?.data['differences']).toEqual([
      'the AD UPN jdoe@corp.local is not in a verified domain of the tenant, so the sign-in name becomes ...@contoso.onmicrosoft.com',
    ]);
  });
  it('a mail attribute that differs from both primaries is listed', () => {
    const facts = S.simpleHardMatch({ adUser: S.adUser({ mail: 'j.doe@contoso.com' }) });
    expect(result(facts, 'match.attributes')?.data['differences']).toEqual([
      'the mail attribute changes from jane.doe@contoso.com to j.doe@contoso.com',
    ]);
  });
  it('AD account without an email address', () => {
    const facts = S.simpleHardMatch({ adUser: S.adUser({ mail: null, proxyAddresses: [] }) });
    expect(result(facts, 'match.attributes')?.data['differences']).toEqual([
      'the AD account has no email address while the cloud user has jane.doe@contoso.com; add it in AD first',
    ]);
  });
});

describe('creating the AD user (create-ad-account)', () => {
  it.each<[string, MatchFacts, CheckId, string]>([
    ['no OU configured', S.createAdUser({ newUserOuDn: null }), 'create.target-ou', 'block'],
    [
      'OU outside the scope',
      S.createAdUser({ newUserOuDn: 'OU=Old,CN=Users,DC=corp,DC=example' }),
      'create.target-ou',
      'block',
    ],
    ['OU fine', S.createAdUser(), 'create.target-ou', 'pass'],
    ['names free', S.createAdUser(), 'create.collision', 'pass'],
    ['UPN already used in AD', S.createAdUser({ adCollisions: [S.adUser()] }), 'create.collision', 'block'],
    [
      'no usable sAMAccountName',
      S.withCloudUser(S.createAdUser(), { userPrincipalName: '"[]"@contoso.com' }),
      'create.collision',
      'block',
    ],
    ['password warning', S.createAdUser(), 'create.password', 'warn'],
  ])('%s', (_n, facts, id, expected) => {
    expect(severity(facts, id)).toBe(expected);
  });
  it('password warning follows password hash sync', () => {
    expect(result(S.createAdUser(), 'create.password')?.explanation).toContain(
      'the AD password replaces the cloud password',
    );
    const noPhs = S.withCloud(S.createAdUser(), { features: S.features({ passwordSyncEnabled: false }) });
    expect(result(noPhs, 'create.password')?.data).toEqual({ passwordSyncEnabled: false });
  });
  it('hardening still applies without an AD user', () => {
    expect(
      severity(S.withCloud(S.createAdUser(), { roles: [S.GLOBAL_ADMIN] }), 'cloud.privileged-role'),
    ).toBe('block');
  });
});
