/**
 * Entra Connect Sync versions and the dates they stop being supported or stop syncing, and the sync's
 * own credential to Entra ID. A dated table: CHECKED 2026-12-08 - check it again when a version or a
 * deadline is announced. Sources:
 * - Learn, "Hardening update to Microsoft Entra Connect Sync" (entra/identity/hybrid/connect/
 *   harden-update-ad-fs-pingfederate): below 2.5.79.0 all synchronization services fail from 2026-09-30.
 * - Learn, "Security hardening to the autoupgrade process" (connect/security-updates-pks): upgrade to
 *   2.6.84.0 or later AND configure application-based authentication by 2027-04-07 - legacy
 *   authentication is retired and synchronization stops after that date.
 * - Learn, "Version release history" (connect/reference-connect-version-history), "Retiring Microsoft
 *   Entra Connect 2.x versions": a version retires 12 months after a newer version supersedes it.
 * - Release dates 2.6.84.0 (2026-07-07) and 2.6.92.0 (2026-09-23): reference/entra-connect.md. The other
 *   release dates, hence the end-of-support dates below, and the withdrawal of 2.6.79.0 come from a
 *   third-party release table verified 2026-10-06 and an MSP runbook (secondary sources; confirm on
 *   Learn's version history).
 */
import { compareVersions } from '../versions.ts';
import { daysUntil, utc } from './format.ts';
import type { AlertThresholds, AlertValue, WatchFacts } from './types.ts';

export const TABLE_CHECKED = '2026-12-08';

/** Below `below`, synchronization stops on `date` (the service changes of the hardening updates). */
export const STOP_SYNCING: readonly {
  readonly below: string;
  readonly date: string;
  readonly why: string;
}[] = [
  {
    below: '2.5.79.0',
    date: '2026-09-30',
    why: 'the service hardening of 2.5.79.0 (Learn: harden-update-ad-fs-pingfederate)',
  },
  {
    below: '2.6.84.0',
    date: '2027-04-07',
    why: 'the retirement of legacy authentication: 2.6.84.0 or later with application-based authentication is required (Learn: security-updates-pks)',
  },
];

/** Known builds: the end of support is 12 months after the next build's release; null: the newest. */
export const CONNECT_VERSIONS: readonly {
  readonly version: string;
  readonly endOfSupport: string | null;
  readonly withdrawn?: true;
}[] = [
  { version: '2.5.79.0', endOfSupport: '2026-10-23' },
  { version: '2.5.190.0', endOfSupport: '2027-02-02' },
  { version: '2.6.1.0', endOfSupport: '2027-03-10' },
  { version: '2.6.3.0', endOfSupport: '2027-07-07' },
  { version: '2.6.79.0', endOfSupport: null, withdrawn: true },
  { version: '2.6.84.0', endOfSupport: '2027-09-16' },
  { version: '2.6.91.0', endOfSupport: '2027-09-23' },
  { version: '2.6.92.0', endOfSupport: null },
];

export const MINIMUM_SYNCING = STOP_SYNCING[0]!.below;
export const LATEST_KNOWN = '2.6.92.0';
/** Where the installer is (only there since 2.5.x: Learn authenticate-application-id, prerequisites). */
export const INSTALLER = 'Microsoft Entra admin center > Entra Connect > Get started';

export type SupportStatus =
  | { readonly kind: 'stopped' | 'stops'; readonly date: string; readonly why: string; readonly days: number }
  | { readonly kind: 'out-of-support' | 'end-of-support'; readonly date: string; readonly days: number }
  | { readonly kind: 'withdrawn' | 'unknown-build' | 'supported' | 'newer' }
  | { readonly kind: 'unreadable'; readonly why: string };

/** Where `version` stands at `now`; `soonDays` decides what "soon" is. Worst first. */
export const supportStatus = (version: string | null, now: Date, soonDays: number): SupportStatus => {
  if (version === null) return { kind: 'unreadable', why: 'the server did not report its version' };
  if (compareVersions(version, MINIMUM_SYNCING) === null)
    return { kind: 'unreadable', why: `the server reported '${version}', which is not a version number` };
  for (const s of STOP_SYNCING) {
    if (compareVersions(version, s.below)! >= 0) continue;
    const days = daysUntil(s.date, now)!;
    if (days < 0) return { kind: 'stopped', date: s.date, why: s.why, days };
    if (days <= soonDays) return { kind: 'stops', date: s.date, why: s.why, days };
  }
  const known = CONNECT_VERSIONS.find((v) => compareVersions(v.version, version) === 0);
  if (known?.withdrawn === true) return { kind: 'withdrawn' };
  if (known?.endOfSupport != null) {
    const days = daysUntil(known.endOfSupport, now)!;
    if (days < 0) return { kind: 'out-of-support', date: known.endOfSupport, days };
    if (days <= soonDays) return { kind: 'end-of-support', date: known.endOfSupport, days };
  }
  if (known !== undefined) return { kind: 'supported' };
  return compareVersions(version, LATEST_KNOWN)! > 0 ? { kind: 'newer' } : { kind: 'unknown-build' };
};

const UPGRADE = `Upgrade Entra Connect to ${LATEST_KNOWN} or later (${INSTALLER}), and configure application-based authentication if the server still uses the sync account.`;

/** The Entra Connect version near or past its end of support or its stop-syncing date. */
export const connectVersionAlerts = (f: WatchFacts, t: AlertThresholds): AlertValue[] => {
  if (f.relay === null || !f.relay.server.ok) return [];
  const version = f.relay.server.value.connectVersion;
  const s = supportStatus(version, f.now, t.supportDays);
  const v = version ?? 'unknown';
  const alert = (
    severity: AlertValue['severity'],
    title: string,
    summary: string,
    fix = UPGRADE,
  ): AlertValue[] => [
    {
      id: 'connect-version',
      kind: 'connect-version',
      severity,
      title,
      summary,
      fix,
      facts: [
        { label: 'Version', value: v },
        { label: 'Table checked', value: TABLE_CHECKED },
      ],
      rows: [],
      moreRows: 0,
      action: null,
      signature: `${s.kind}:${v}`,
    },
  ];
  switch (s.kind) {
    case 'stopped':
      return alert(
        'critical',
        `Entra Connect ${v} has stopped syncing`,
        `Versions below the one required by ${s.why} stopped syncing on ${s.date}: nothing syncs until the server is upgraded.`,
      );
    case 'stops':
      return alert(
        s.days <= 30 ? 'critical' : 'warning',
        `Entra Connect ${v} stops syncing on ${s.date}`,
        `In ${s.days} days: ${s.why}.`,
      );
    case 'out-of-support':
      return alert(
        'warning',
        `Entra Connect ${v} is out of support since ${s.date}`,
        `Microsoft retires a version 12 months after a newer one is released: a retired version gets no fixes and might stop working unexpectedly.`,
      );
    case 'end-of-support':
      return alert(
        'warning',
        `Entra Connect ${v} reaches its end of support on ${s.date}`,
        `In ${s.days} days (Microsoft retires a version 12 months after a newer one is released).`,
      );
    case 'withdrawn':
      return alert(
        'warning',
        `Entra Connect ${v} was withdrawn`,
        'Microsoft withdrew this build after its release.',
        `Install the current release (${INSTALLER}) instead of patching forward.`,
      );
    case 'unknown-build':
      return alert(
        'warning',
        `Entra Connect ${v} is not in the version table`,
        `This bot's table (checked ${TABLE_CHECKED}) does not list it, so its support is unknown.`,
        "Check the version on Learn's Entra Connect version history; upgrade if it is retired.",
      );
    case 'unreadable':
      return alert(
        'warning',
        'The Entra Connect version is unknown',
        `The version could not be judged: ${s.why}. Versions below ${MINIMUM_SYNCING} stopped syncing on ${STOP_SYNCING[0]!.date}.`,
        'Read it on the server: Synchronization Service Manager > Help > About.',
      );
    case 'supported':
    case 'newer':
      return [];
  }
};

/** The sync's credential: the legacy account, or an application certificate expired or expiring. */
export const syncCredentialAlerts = (f: WatchFacts, t: AlertThresholds): AlertValue[] => {
  if (f.relay === null || !f.relay.credential.ok) return [];
  const c = f.relay.credential.value;
  const base = { kind: 'sync-credential', rows: [], moreRows: 0, action: null } as const;
  const out: AlertValue[] = [];
  if (c.identityType === 'ServiceAccount') {
    const legacy = STOP_SYNCING[1]!;
    const days = daysUntil(legacy.date, f.now)!;
    out.push({
      ...base,
      id: 'sync-credential.legacy-account',
      severity: days <= 30 ? 'critical' : 'warning',
      title: 'Entra Connect still signs in with the legacy sync account',
      summary: `Legacy authentication is retired: without application-based authentication synchronization stops on ${legacy.date}${days >= 0 ? ` (in ${days} days)` : ''} (Learn: security-updates-pks).`,
      fix: 'On the server: Entra Connect wizard > Additional tasks > Configure application-based authentication to Microsoft Entra ID; then remove the legacy account (Learn: authenticate-application-id).',
      facts: [{ label: 'Deadline', value: legacy.date }],
      signature: days <= 30 ? 'legacy-critical' : 'legacy',
    });
  }
  if (c.certificateNotAfter !== null) {
    const days = daysUntil(c.certificateNotAfter, f.now);
    if (days !== null && days <= t.credentialDays)
      out.push({
        ...base,
        id: 'sync-credential.certificate',
        severity: days < 0 ? 'critical' : 'warning',
        title:
          days < 0
            ? "The sync's application certificate has expired"
            : "The sync's application certificate expires soon",
        summary: `Entra Connect signs in to Entra ID with a certificate valid until ${utc(c.certificateNotAfter)}${days < 0 ? '' : ` (in ${days} days)`}: once it expires, nothing syncs.`,
        fix: 'Rotate it: your own certificate (BYOC) with Invoke-ADSyncApplicationCredentialRotation after uploading the new one to the app registration; a certificate managed by Entra Connect with the wizard: Additional tasks > Rotate application certificate.',
        facts: [
          { label: 'Valid until', value: utc(c.certificateNotAfter) },
          ...(c.applicationId === null ? [] : [{ label: 'Application', value: c.applicationId }]),
        ],
        signature: days < 0 ? 'expired' : 'expiring',
      });
  }
  const ev = c.lastCertificateEvent;
  if (ev !== null && c.certificateNotAfter === null)
    out.push({
      ...base,
      id: 'sync-credential.certificate',
      severity: ev.id === 1012 ? 'critical' : 'warning',
      title:
        ev.id === 1012
          ? 'Entra Connect reports its application certificate expired'
          : 'Entra Connect reports its application certificate is due for rotation',
      summary: `Event ${ev.id} at ${utc(ev.timeUtc)} in the Application log: ${ev.id === 1012 ? 'the certificate Entra Connect signs in with has expired, so nothing syncs' : '70 % of its lifetime is used'}. A certificate managed by Entra Connect rotates by itself while the scheduler runs; your own certificate (BYOC) must be rotated by you (Learn: authenticate-application-id, Certificate rotation).`,
      fix: 'Check that the scheduler is not suspended; for your own certificate, rotate it with Invoke-ADSyncApplicationCredentialRotation.',
      facts: [{ label: 'Event', value: `${ev.id} at ${utc(ev.timeUtc)}` }],
      signature: `event-${ev.id}`,
    });
  if (c.identityType === 'Application' && c.certificateNotAfter === null && !c.eventLogRead)
    out.push({
      ...base,
      id: 'sync-credential.unknown',
      severity: 'warning',
      title: "The sync's certificate expiry could not be read",
      summary:
        "The relay agent can read neither the certificate (managed by Entra Connect, in its service account's store) nor the Application event log where Entra Connect reports an expiring certificate (events 1011 and 1012).",
      fix: "Let the relay agent's service account read the Application event log, or check the certificate's 'Not valid after' in the Entra Connect wizard: View or export current configuration.",
      facts: [],
      signature: 'unknown',
    });
  return out;
};
