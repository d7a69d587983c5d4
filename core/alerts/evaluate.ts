/**
 * One look: every rule over the facts, and what to remember for the next look. Also which kinds could
 * not be judged this time (their facts were unread): an open alert of such a kind is kept as it is - an
 * unread fact never resolves anything.
 */
import { connectVersionAlerts, syncCredentialAlerts } from './connect-support.ts';
import { syncErrorAlerts } from './rules-sync-errors.ts';
import {
  exportErrorAlerts,
  longCycleAlerts,
  schedulerAlerts,
  staleSyncAlerts,
  unreadAlerts,
} from './rules-sync.ts';
import { passwordSyncAlerts, tenantSettingAlerts } from './rules-tenant.ts';
import type { AlertKind, AlertThresholds, AlertValue, WatchFacts, WatchMemory } from './types.ts';

export interface Look {
  readonly alerts: readonly AlertValue[];
  readonly memory: WatchMemory;
  /** Kinds whose facts were unread this look: their open alerts stay open, unchanged. */
  readonly unsure: ReadonlySet<AlertKind>;
}

const unsureKinds = (f: WatchFacts): Set<AlertKind> => {
  const unsure = new Set<AlertKind>();
  if (!f.errorUsers.ok) unsure.add('sync-errors');
  if (!f.organization.ok) {
    unsure.add('stale-sync');
    unsure.add('password-sync');
  } else if (f.organization.value.lastPasswordSyncUnread !== undefined) unsure.add('password-sync');
  if (!f.features.ok || f.features.value === null) unsure.add('tenant-setting');
  const r = f.relay;
  if (r !== null) {
    if (!r.scheduler.ok) {
      unsure.add('scheduler');
      unsure.add('long-cycle');
    }
    if (!r.runs.ok) unsure.add('export-errors');
    if (!r.server.ok) unsure.add('connect-version');
    if (!r.credential.ok) unsure.add('sync-credential');
  }
  return unsure;
};

export const evaluate = (f: WatchFacts, memory: WatchMemory, t: AlertThresholds): Look => {
  const errors = f.errorUsers.ok
    ? syncErrorAlerts(f.errorUsers.value, memory.seenErrors)
    : { alerts: [], seen: memory.seenErrors };
  const settings = tenantSettingAlerts(f, memory.baseline);
  const scheduler = f.relay?.scheduler.ok === true ? f.relay.scheduler.value : null;
  const cycleSeenSince =
    scheduler === null
      ? f.relay === null
        ? null
        : memory.cycleSeenSince
      : scheduler.syncCycleInProgress
        ? (memory.cycleSeenSince ?? f.now.toISOString())
        : null;
  const alerts = [
    ...errors.alerts,
    ...staleSyncAlerts(f, t),
    ...schedulerAlerts(f),
    ...longCycleAlerts(f, t, cycleSeenSince),
    ...exportErrorAlerts(f),
    ...passwordSyncAlerts(f, t),
    ...connectVersionAlerts(f, t),
    ...syncCredentialAlerts(f, t),
    ...settings.alerts,
    ...unreadAlerts(f),
  ];
  return {
    alerts,
    unsure: unsureKinds(f),
    memory: {
      lastLookAt: f.now.toISOString(),
      seenErrors: errors.seen,
      baseline: settings.baseline,
      cycleSeenSince,
    },
  };
};
