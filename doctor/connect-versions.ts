/**
 * Entra Connect Sync versions and their support status, from reference/entra-connect.md ("Entra
 * Connect Sync versions in 2026"; some dates from secondary sources citing Learn's
 * connect/security-updates-pks and the version history - check them there again): versions below
 * 2.5.79.0 stopped syncing after 2026-09-30; 2.6.92.0 (2026-09-23) is the latest seen.
 */
import { fail, pass, warn, type DoctorCheck } from './types.ts';

export const MINIMUM_SUPPORTED = '2.5.79.0';
export const LATEST_KNOWN = '2.6.92.0';
const DOWNLOAD = 'https://www.microsoft.com/download/details.aspx?id=47594';

/** Compares dotted version strings numerically (1.6.4.0 < 2.5.79.0); null when either is not one. */
export const compareVersions = (a: string, b: string): number | null => {
  const parse = (v: string) => (/^\d+(\.\d+){1,3}$/.test(v.trim()) ? v.trim().split('.').map(Number) : null);
  const x = parse(a);
  const y = parse(b);
  if (x === null || y === null) return null;
  for (let i = 0; i < 4; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
};

export const connectVersionCheck = (version: string | null): DoctorCheck => {
  const id = 'relay.connect-version';
  if (version === null)
    return warn(
      id,
      'The Entra Connect server did not report its version (Get-ADSyncGlobalSettings).',
      `Check it on the server (Synchronization Service Manager > Help > About); ${MINIMUM_SUPPORTED} or later is needed.`,
    );
  const min = compareVersions(version, MINIMUM_SUPPORTED);
  if (min === null)
    return warn(
      id,
      `Entra Connect reports the version '${version}', which is not a version number.`,
      'Check it on the server.',
    );
  if (min < 0)
    return fail(
      id,
      `Entra Connect ${version} is unsupported: versions below ${MINIMUM_SUPPORTED} stopped syncing after 2026-09-30.`,
      `Upgrade Entra Connect to ${LATEST_KNOWN} or later (${DOWNLOAD}).`,
    );
  return compareVersions(version, LATEST_KNOWN)! < 0
    ? pass(id, `Entra Connect ${version}: supported (${LATEST_KNOWN} or later is available).`)
    : pass(id, `Entra Connect ${version}: supported, current.`);
};
