// Password hash sync, the Entra Connect version table, the sync credential and the tenant's hardening
// settings: facts in, alert values out.
import { describe, expect, it } from 'vitest';
import {
  connectVersionAlerts,
  supportStatus,
  syncCredentialAlerts,
} from '../../../../core/alerts/connect-support.ts';
import { passwordSyncAlerts, tenantSettingAlerts } from '../../../../core/alerts/rules-tenant.ts';
import { features } from '../../../fixtures/scenarios.ts';
import { CREDENTIAL, down, look, minutesAgo, NOW, ok, relayFacts, THRESHOLDS } from './look.ts';

const org = (password: string | null, extra: object = {}) =>
  ok({
    onPremisesSyncEnabled: true,
    onPremisesLastSyncDateTime: minutesAgo(5),
    onPremisesLastPasswordSyncDateTime: password,
    ...extra,
  });

describe('password hash sync heartbeat', () => {
  it('older than the threshold (120 min by default): the alert with the restart button', () => {
    expect(passwordSyncAlerts(look({ organization: org(minutesAgo(119)) }), THRESHOLDS)).toEqual([]);
    const [a] = passwordSyncAlerts(look({ organization: org(minutesAgo(121)) }), THRESHOLDS);
    expect(a).toMatchObject({ id: 'password-sync.heartbeat', severity: 'warning', action: 'restart-sync' });
    expect(a!.summary).toContain('Password Hash Synchronization heartbeat was skipped');
    expect(
      passwordSyncAlerts(look({ organization: org(minutesAgo(30)) }), {
        ...THRESHOLDS,
        passwordSyncMinutes: 20,
      }),
    ).toHaveLength(1);
  });

  it('more than a day: critical; never reported while password sync is on: an alert too', () => {
    expect(
      passwordSyncAlerts(look({ organization: org(minutesAgo(25 * 60)) }), THRESHOLDS)[0]!.severity,
    ).toBe('critical');
    expect(passwordSyncAlerts(look({ organization: org(null) }), THRESHOLDS)[0]!.summary).toContain(
      'last reported never',
    );
  });

  it('a tenant without password hash sync has no heartbeat to miss', () => {
    const off = look({ organization: org(null), features: ok(features({ passwordSyncEnabled: false })) });
    expect(passwordSyncAlerts(off, THRESHOLDS)).toEqual([]);
    // Features unreadable and no time: nothing to say about a heartbeat that may not exist.
    expect(passwordSyncAlerts(look({ organization: org(null), features: ok(null) }), THRESHOLDS)).toEqual([]);
  });

  it('the beta-only time unread is a warning that says what to check, not a pass', () => {
    const unread = look({
      organization: org(null, {
        lastPasswordSyncUnread: { code: 'CLOUD.FORBIDDEN', message: '/beta refused' },
      }),
    });
    const [a] = passwordSyncAlerts(unread, THRESHOLDS);
    expect(a).toMatchObject({ id: 'password-sync.unknown', action: null });
    expect(a!.summary).toContain('/beta refused');
  });
});

describe('the Entra Connect version table', () => {
  const at = (version: string | null, now = NOW) =>
    connectVersionAlerts(
      look({
        now,
        relay: relayFacts({ server: ok({ connectVersion: version, serverTimeUtc: now.toISOString() }) }),
      }),
      THRESHOLDS,
    );

  it('below 2.5.79.0: stopped syncing (critical); below 2.6.84.0: stops on 2027-04-07', () => {
    expect(at('2.4.131.0')[0]).toMatchObject({
      severity: 'critical',
      title: 'Entra Connect 2.4.131.0 has stopped syncing',
    });
    const [soon] = at('2.6.3.0');
    expect(soon).toMatchObject({
      severity: 'warning',
      title: 'Entra Connect 2.6.3.0 stops syncing on 2027-04-07',
    });
    expect(soon!.summary).toContain('application-based authentication');
    expect(at('2.6.3.0', new Date('2027-03-20T00:00:00Z'))[0]!.severity).toBe('critical');
    expect(at('2.6.3.0', new Date('2027-04-08T00:00:00Z'))[0]!.title).toContain('has stopped syncing');
  });

  it('current builds: nothing until their end of support comes near', () => {
    expect(at('2.6.92.0')).toEqual([]);
    expect(at('2.6.84.0')).toEqual([]);
    expect(at('2.6.84.0', new Date('2027-06-01T00:00:00Z'))[0]!.title).toBe(
      'Entra Connect 2.6.84.0 reaches its end of support on 2027-09-16',
    );
    expect(at('2.6.84.0', new Date('2027-09-17T00:00:00Z'))[0]!.title).toBe(
      'Entra Connect 2.6.84.0 is out of support since 2027-09-16',
    );
    expect(at('2.7.1.0')).toEqual([]);
  });

  it('unknown builds and unreadable versions are warnings; the signature names the status', () => {
    expect(at('2.6.85.0')[0]!.title).toBe('Entra Connect 2.6.85.0 is not in the version table');
    expect(at(null)[0]!.title).toBe('The Entra Connect version is unknown');
    expect(at('nope')[0]!.summary).toContain("'nope', which is not a version number");
    expect(at('2.6.3.0')[0]!.signature).not.toBe(
      at('2.6.3.0', new Date('2027-04-08T00:00:00Z'))[0]!.signature,
    );
  });

  it('supportStatus is the same judgement doctor uses', () => {
    expect(supportStatus('2.5.79.0', new Date('2026-11-01T00:00:00Z'), 0)).toEqual({
      kind: 'out-of-support',
      date: '2026-10-23',
      days: -9,
    });
  });
});

describe("the sync's credential", () => {
  const cred = (o: Partial<typeof CREDENTIAL>) =>
    syncCredentialAlerts(
      look({ relay: relayFacts({ credential: ok({ ...CREDENTIAL, ...o }) }) }),
      THRESHOLDS,
    );

  it('application-based with a managed certificate and no event: nothing', () => {
    expect(cred({})).toEqual([]);
  });

  it('the legacy sync account: legacy authentication is retired on 2027-04-07', () => {
    const [a] = cred({ identityType: 'ServiceAccount' });
    expect(a).toMatchObject({ id: 'sync-credential.legacy-account', severity: 'warning' });
    expect(a!.summary).toContain('2027-04-07 (in 119 days)');
  });

  it('a readable certificate: warn within the days configured, critical once expired', () => {
    expect(cred({ certificateNotAfter: '2027-02-01T00:00:00Z' })).toEqual([]);
    expect(cred({ certificateNotAfter: '2026-12-20T00:00:00Z' })[0]).toMatchObject({
      severity: 'warning',
      id: 'sync-credential.certificate',
    });
    expect(cred({ certificateNotAfter: '2026-12-01T00:00:00Z' })[0]).toMatchObject({ severity: 'critical' });
  });

  it("Entra Connect's own events: 1011 (70 % of its life) warns, 1012 (expired) is critical", () => {
    expect(cred({ lastCertificateEvent: { id: 1011, timeUtc: minutesAgo(30) } })[0]!.severity).toBe(
      'warning',
    );
    expect(cred({ lastCertificateEvent: { id: 1012, timeUtc: minutesAgo(30) } })[0]!.severity).toBe(
      'critical',
    );
  });

  it('neither the certificate nor the event log readable: said, not passed', () => {
    expect(cred({ eventLogRead: false })[0]!.id).toBe('sync-credential.unknown');
  });

  it('the relay could not say: no judgement (the unread alert names it)', () => {
    expect(syncCredentialAlerts(look({ relay: relayFacts({ credential: down() }) }), THRESHOLDS)).toEqual([]);
  });
});

describe('the takeover block and the hardening bypass flag', () => {
  const empty = { takeoverBlock: null, bypassFlag: null };
  const with_ = (o: Parameters<typeof features>[0]) => look({ features: ok(features(o)) });

  it('the first read is the baseline: no alert', () => {
    const r = tenantSettingAlerts(with_({}), empty);
    expect(r).toEqual({ alerts: [], baseline: { takeoverBlock: false, bypassFlag: false } });
  });

  it('a change from the baseline is an alert until it is changed back', () => {
    const base = { takeoverBlock: true, bypassFlag: false };
    const off = tenantSettingAlerts(with_({ blockCloudObjectTakeoverThroughHardMatchEnabled: false }), base);
    expect(off.alerts.map((a) => [a.id, a.title])).toEqual([
      ['tenant-setting.takeover-block', 'The hard-match takeover block was turned off'],
    ]);
    expect(off.baseline).toEqual(base);
    const on = tenantSettingAlerts(with_({ blockCloudObjectTakeoverThroughHardMatchEnabled: true }), base);
    expect(on.alerts).toEqual([]);
    const bypass = tenantSettingAlerts(
      with_({
        blockCloudObjectTakeoverThroughHardMatchEnabled: true,
        allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled: true,
      }),
      base,
    );
    expect(bypass.alerts[0]).toMatchObject({ id: 'tenant-setting.bypass-flag', severity: 'critical' });
  });

  it('the block turned on tells that approved matches will fail with InvalidHardMatch', () => {
    const r = tenantSettingAlerts(with_({ blockCloudObjectTakeoverThroughHardMatchEnabled: true }), {
      takeoverBlock: false,
      bypassFlag: false,
    });
    expect(r.alerts[0]!.summary).toContain('InvalidHardMatch');
  });

  it('a bypass flag the tenant does not report is unknown: no baseline, no alert', () => {
    const r = tenantSettingAlerts(
      with_({ allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled: null }),
      empty,
    );
    expect(r.baseline.bypassFlag).toBeNull();
    expect(r.alerts).toEqual([]);
  });

  it('settings the app may not read: one warning, the baseline kept', () => {
    const base = { takeoverBlock: true, bypassFlag: false };
    const refused = tenantSettingAlerts(look({ features: ok(null) }), base);
    expect(refused.alerts.map((a) => a.id)).toEqual(['tenant-setting.unreadable']);
    expect(refused.alerts[0]!.summary).toContain('no app-only access');
    expect(refused.baseline).toBe(base);
    expect(tenantSettingAlerts(look({ features: down('Graph 503') }), base).alerts[0]!.summary).toContain(
      'Graph 503',
    );
  });
});
