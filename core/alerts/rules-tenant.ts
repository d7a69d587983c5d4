/**
 * The tenant's side: the password hash sync heartbeat (Graph beta's organization
 * onPremisesLastPasswordSyncDateTime - reference/graph.md), and the two settings of the 2026 hardening
 * that change how matching behaves (blockCloudObjectTakeoverThroughHardMatchEnabled and the bypass flag
 * allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled, in /directory/onPremisesSynchronization's
 * features).
 */
import { duration, utc } from './format.ts';
import type { AlertThresholds, AlertValue, WatchFacts, WatchMemory } from './types.ts';

const base = { rows: [], moreRows: 0 } as const;

/**
 * Connect Health's "Password Hash Synchronization heartbeat was skipped in last 120 minutes" (Learn:
 * how-to-connect-health-alert-catalog), read from the tenant: the last password sync older than the
 * threshold. Its documented fix is restarting the ADSync service: the alert carries that button.
 */
export const passwordSyncAlerts = (f: WatchFacts, t: AlertThresholds): AlertValue[] => {
  if (!f.organization.ok) return [];
  const features = f.features.ok ? f.features.value : null;
  // A tenant that does not use password hash sync has no heartbeat to miss.
  if (features !== null && !features.passwordSyncEnabled) return [];
  const org = f.organization.value;
  if (org.lastPasswordSyncUnread !== undefined)
    return [
      {
        ...base,
        id: 'password-sync.unknown',
        kind: 'password-sync',
        severity: 'warning',
        title: 'The password hash sync heartbeat could not be read',
        summary: `The last password sync time lives on Graph's beta endpoint, which did not answer (${org.lastPasswordSyncUnread.message}): the watcher cannot tell whether passwords still sync.`,
        fix: "Let https://graph.microsoft.com/beta/ through your proxy (hardmatch doctor shows graph.beta); meanwhile watch Connect Health's password hash sync alerts.",
        facts: [],
        action: null,
        signature: 'unknown',
      },
    ];
  const last = org.onPremisesLastPasswordSyncDateTime;
  if (last === null && features?.passwordSyncEnabled !== true) return [];
  const limit = t.passwordSyncMinutes * 60_000;
  const age = last === null ? Infinity : f.now.getTime() - Date.parse(last);
  if (age <= limit) return [];
  const day = age > 86_400_000;
  return [
    {
      ...base,
      id: 'password-sync.heartbeat',
      kind: 'password-sync',
      severity: day ? 'critical' : 'warning',
      title: 'Password hash sync heartbeat missing',
      summary: `Password hash sync last reported ${last === null ? 'never' : `at ${utc(last)}`}, more than ${duration(limit)} ago ("Password Hash Synchronization heartbeat was skipped"): passwords changed in AD are not reaching Entra ID, so people sign in to the cloud with their old password.`,
      fix: "Microsoft's fix is restarting the ADSync service on the Entra Connect server: press Restart sync service (approvers). The relay refuses it while a sync cycle runs (the restart would abort the cycle); afterwards the bot checks that the scheduler answers again.",
      facts: [
        { label: 'Last password sync', value: utc(last) },
        { label: 'Threshold', value: duration(limit) },
      ],
      action: 'restart-sync',
      signature: day ? 'critical' : 'warning',
    },
  ];
};

interface Setting {
  readonly id: string;
  readonly property: string;
  readonly was: boolean;
  readonly now: boolean;
}

const settingAlert = (s: Setting): AlertValue => {
  const on = (v: boolean) => (v ? 'on' : 'off');
  const takeover = s.id === 'tenant-setting.takeover-block';
  const text = takeover
    ? s.now
      ? 'Hard matches of cloud-only users now fail at export with InvalidHardMatch: matches approved in this bot fail until a Hybrid Identity Administrator turns it off for the time of the match.'
      : "A hard match can take over a cloud account again. Microsoft's guidance: turn the block off only while matching, and back on after."
    : s.now
      ? 'The 2026 hardening against account takeover is bypassed for the whole tenant: hard matches onto users with onPremisesObjectIdentifier set are allowed. Microsoft: a temporary bypass for a validated migration only, turned off again as soon as it is done.'
      : 'The 2026 hardening applies again: hard matches onto users with onPremisesObjectIdentifier set are blocked.';
  return {
    ...base,
    id: s.id,
    kind: 'tenant-setting',
    severity: !takeover && s.now ? 'critical' : 'warning',
    title: `${takeover ? 'The hard-match takeover block' : 'The hardening bypass flag'} was turned ${on(s.now)}`,
    summary: `${s.property} is ${s.now} (it was ${s.was} when the watcher started watching). ${text}`,
    fix: `If this was not meant, a Hybrid Identity Administrator sets it back with Update-MgDirectoryOnPremiseSynchronization (features.${s.property} = ${s.was}); the alert resolves when it is ${on(s.was)} again.`,
    facts: [
      { label: 'Now', value: String(s.now) },
      { label: 'Before', value: String(s.was) },
    ],
    action: null,
    signature: `${s.property}=${s.now}`,
  };
};

export interface TenantSettingsLook {
  readonly alerts: readonly AlertValue[];
  readonly baseline: WatchMemory['baseline'];
}

/** The takeover block or the bypass flag changed from what the watcher first saw. */
export const tenantSettingAlerts = (f: WatchFacts, baseline: WatchMemory['baseline']): TenantSettingsLook => {
  if (!f.features.ok || f.features.value === null)
    return {
      baseline,
      alerts: [
        {
          ...base,
          id: 'tenant-setting.unreadable',
          kind: 'tenant-setting',
          severity: 'warning',
          title: "The tenant's hard-match settings could not be read",
          summary: `The watcher cannot see whether the takeover block or the hardening bypass flag change (${f.features.ok ? 'the tenant refused the app: Microsoft documents no app-only access to these settings' : f.features.reason}).`,
          fix: 'A Global Administrator checks them by hand: Get-MgDirectoryOnPremiseSynchronization, features blockCloudObjectTakeoverThroughHardMatchEnabled and allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled. Mute this kind if the tenant never allows the read.',
          facts: [],
          action: null,
          signature: 'unreadable',
        },
      ],
    };
  const v = f.features.value;
  const next = {
    takeoverBlock: baseline.takeoverBlock ?? v.blockCloudObjectTakeoverThroughHardMatchEnabled,
    bypassFlag: baseline.bypassFlag ?? v.allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled,
  };
  const alerts: AlertValue[] = [];
  if (next.takeoverBlock !== v.blockCloudObjectTakeoverThroughHardMatchEnabled)
    alerts.push(
      settingAlert({
        id: 'tenant-setting.takeover-block',
        property: 'blockCloudObjectTakeoverThroughHardMatchEnabled',
        was: next.takeoverBlock,
        now: v.blockCloudObjectTakeoverThroughHardMatchEnabled,
      }),
    );
  const bypass = v.allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled;
  if (next.bypassFlag !== null && bypass !== null && next.bypassFlag !== bypass)
    alerts.push(
      settingAlert({
        id: 'tenant-setting.bypass-flag',
        property: 'allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled',
        was: next.bypassFlag,
        now: bypass,
      }),
    );
  return { alerts, baseline: next };
};
