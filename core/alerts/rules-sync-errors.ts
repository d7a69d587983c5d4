/**
 * New provisioning errors since the last look (Graph's onPremisesProvisioningErrors, the conflicts that
 * Entra Connect Health reports only every 30 minutes and by mail). The errors first seen at one look
 * become one alert, grouped by the property in conflict, each user with Fix; the alert stays open while
 * any of its errors remains and resolves when Entra ID reports none of them any more. An error that goes
 * away and comes back is new again. The alert id is a digest of its errors, so a look repeated after a
 * crash names the same alert.
 */
import type { CloudUser, ProvisioningError } from '../models.ts';
import { digest, utc } from './format.ts';
import type { AlertRow, AlertValue } from './types.ts';

/** Rows a card shows; the rest are counted ("and 12 more", the `errors` command lists them all). */
export const MAX_ERROR_ROWS = 10;

interface Found {
  readonly user: CloudUser;
  readonly error: ProvisioningError;
}

export const errorFingerprint = (user: CloudUser, e: ProvisioningError): string =>
  [user.id.toLowerCase(), e.category, e.propertyCausingError ?? '', (e.value ?? '').toLowerCase()].join('|');

const HINT: Readonly<Record<string, string>> = {
  UserPrincipalName: 'UPN conflict',
  ProxyAddress: 'proxy address conflict',
};

const rowOf = ({ user, error }: Found): AlertRow => ({
  text: `${user.displayName ?? user.userPrincipalName} (${user.userPrincipalName})`,
  detail: `${HINT[error.propertyCausingError ?? ''] ?? `${error.category} (${error.propertyCausingError ?? 'other'})`}: ${error.value ?? '(no value)'} · since ${utc(error.occurredDateTime)}`,
  fixCloudUserId: user.id,
});

const alertOf = (id: string, found: readonly Found[]): AlertValue => {
  const byProperty = new Map<string, number>();
  for (const f of found) {
    const p = f.error.propertyCausingError ?? 'other';
    byProperty.set(p, (byProperty.get(p) ?? 0) + 1);
  }
  const sorted = [...found].sort(
    (a, b) =>
      (a.error.propertyCausingError ?? '').localeCompare(b.error.propertyCausingError ?? '') ||
      a.user.userPrincipalName.localeCompare(b.user.userPrincipalName),
  );
  const users = new Set(found.map((f) => f.user.id)).size;
  return {
    id,
    kind: 'sync-errors',
    severity: 'warning',
    title: `New sync errors: ${users} user${users === 1 ? '' : 's'}`,
    summary:
      'Microsoft Entra ID reports provisioning errors no earlier alert told: Entra Connect could not export these users, so their changes in AD do not reach the cloud.',
    fix: 'Press Fix on a user to open the link card with the likely pair; type errors for every sync error of the tenant.',
    facts: [...byProperty.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([property, n]) => ({ label: `${property} conflicts`, value: String(n) })),
    rows: sorted.slice(0, MAX_ERROR_ROWS).map(rowOf),
    moreRows: Math.max(0, sorted.length - MAX_ERROR_ROWS),
    action: null,
    signature: digest(...found.map((f) => errorFingerprint(f.user, f.error)).sort()),
  };
};

export interface SyncErrorLook {
  readonly alerts: readonly AlertValue[];
  /** The errors present now, each with the alert that told it (the next look's `seen`). */
  readonly seen: Readonly<Record<string, string>>;
}

/** The sync-error alerts of one look, given the errors already told (`seen`). */
export const syncErrorAlerts = (
  users: readonly CloudUser[],
  seen: Readonly<Record<string, string>>,
): SyncErrorLook => {
  const current = new Map<string, Found>();
  for (const user of users)
    for (const error of user.onPremisesProvisioningErrors)
      current.set(errorFingerprint(user, error), { user, error });
  const fresh = [...current.keys()].filter((fp) => seen[fp] === undefined).sort();
  const freshId = fresh.length === 0 ? null : `sync-errors.${digest(...fresh)}`;
  const next: Record<string, string> = {};
  for (const fp of current.keys()) next[fp] = seen[fp] ?? freshId!;
  const byAlert = new Map<string, Found[]>();
  for (const [fp, id] of Object.entries(next))
    byAlert.set(id, [...(byAlert.get(id) ?? []), current.get(fp)!]);
  return {
    alerts: [...byAlert.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([id, f]) => alertOf(id, f)),
    seen: next,
  };
};
