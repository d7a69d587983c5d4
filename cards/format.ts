/** Presentation of domain values on cards: one wording for times, sync states and OUs everywhere. */
import type { CloudUser, OnPremUser, SchedulerStatus } from '../core/models.ts';
import { NONE } from './render.ts';

/** "2026-11-22 01:12 UTC", or NONE. */
export const formatTime = (iso: string | null | undefined): string => {
  if (iso === null || iso === undefined || iso === '') return NONE;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};

/** The OU (parent DN) of a DN: everything after the first unescaped comma. */
export const parentOf = (dn: string | null | undefined): string => {
  if (dn === null || dn === undefined || dn === '') return NONE;
  const m = /^(?:\\.|[^,\\])*,(.*)$/.exec(dn);
  return m?.[1] ?? dn;
};

/** A person's name for a card: display name, else UPN, else what is there. */
export const nameOfCloud = (u: CloudUser): string => u.displayName ?? u.userPrincipalName;
export const nameOfOnPrem = (u: OnPremUser): string =>
  u.displayName ?? u.userPrincipalName ?? u.samAccountName;

/** How a cloud user relates to sync, in one phrase a helpdesk person understands. */
export const syncStateOf = (u: CloudUser): string => {
  if (u.deletedDateTime !== null) return `Deleted ${formatTime(u.deletedDateTime)} (in the recycle bin)`;
  if (u.onPremisesSyncEnabled === true)
    return `Synced from AD (last sync ${formatTime(u.onPremisesLastSyncDateTime)})`;
  if (u.onPremisesSyncEnabled === false) return 'Was synced once; now cloud-managed';
  return 'Cloud-only (never synced)';
};

/** The scheduler in one line: what it is doing and when the next cycle runs. */
export const schedulerLine = (s: SchedulerStatus): string => {
  if (s.stagingModeEnabled) return 'Staging mode: the server exports nothing, so a sync fixes nothing here';
  if (s.syncCycleInProgress) return 'A sync cycle is running now';
  if (!s.syncCycleEnabled || s.schedulerSuspended)
    return 'The scheduler is off or suspended: no automatic syncs';
  const next =
    s.nextSyncCycleStartTimeInUtc === null ? '' : ` at ${formatTime(s.nextSyncCycleStartTimeInUtc)}`;
  return `Idle; next ${s.nextSyncCyclePolicyType ?? 'sync'} cycle${next}`;
};

export const yesNo = (v: boolean | null | undefined): string =>
  v === null || v === undefined ? NONE : v ? 'Yes' : 'No';
