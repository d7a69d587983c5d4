/**
 * Doctor's Entra Connect version check, judged by the one dated version table
 * (core/alerts/connect-support.ts, with its sources): versions below 2.5.79.0 stopped syncing after
 * 2026-09-30; a retired version (12 months after a newer one) or one near its stop-syncing date warns.
 */
import {
  INSTALLER,
  LATEST_KNOWN,
  MINIMUM_SYNCING,
  STOP_SYNCING,
  supportStatus,
} from '../core/alerts/connect-support.ts';
import { compareVersions } from '../core/versions.ts';
import { fail, pass, warn, type DoctorCheck } from './types.ts';

export { compareVersions };
export const MINIMUM_SUPPORTED = MINIMUM_SYNCING;
export { LATEST_KNOWN };

/** How far ahead doctor warns of a stop-syncing or end-of-support date. */
const SOON_DAYS = 180;

export const connectVersionCheck = (version: string | null, now: Date = new Date()): DoctorCheck => {
  const id = 'relay.connect-version';
  const upgrade = `Upgrade Entra Connect to ${LATEST_KNOWN} or later (${INSTALLER}).`;
  const s = supportStatus(version, now, SOON_DAYS);
  switch (s.kind) {
    case 'unreadable':
      return version === null
        ? warn(
            id,
            'The Entra Connect server did not report its version (Get-ADSyncGlobalSettings).',
            `Check it on the server (Synchronization Service Manager > Help > About); ${MINIMUM_SUPPORTED} or later is needed.`,
          )
        : warn(
            id,
            `Entra Connect reports the version '${version}', which is not a version number.`,
            'Check it on the server.',
          );
    case 'stopped':
      return fail(
        id,
        s.date === STOP_SYNCING[0]!.date
          ? `Entra Connect ${version} is unsupported: versions below ${MINIMUM_SUPPORTED} stopped syncing after ${s.date}.`
          : `Entra Connect ${version} stopped syncing on ${s.date}: ${s.why}.`,
        upgrade,
      );
    case 'stops':
      return warn(
        id,
        `Entra Connect ${version} stops syncing on ${s.date} (in ${s.days} days): ${s.why}.`,
        upgrade,
      );
    case 'out-of-support':
      return warn(
        id,
        `Entra Connect ${version} is out of support since ${s.date} (retired 12 months after a newer release).`,
        upgrade,
      );
    case 'end-of-support':
      return warn(
        id,
        `Entra Connect ${version} reaches its end of support on ${s.date} (in ${s.days} days).`,
        upgrade,
      );
    case 'withdrawn':
      return warn(
        id,
        `Entra Connect ${version} is a withdrawn build.`,
        `Install the current release (${INSTALLER}).`,
      );
    case 'unknown-build':
      return warn(
        id,
        `Entra Connect ${version} is not in this version's table, so its support is unknown.`,
        "Check it on Learn's Entra Connect version history.",
      );
    case 'supported':
    case 'newer':
      return compareVersions(version!, LATEST_KNOWN)! < 0
        ? pass(id, `Entra Connect ${version}: supported (${LATEST_KNOWN} or later is available).`)
        : pass(id, `Entra Connect ${version}: supported, current.`);
  }
};
