/**
 * The sync's own health: the tenant's last sync too old, the scheduler off, suspended or in staging mode,
 * a cycle running far longer than usual, export errors in the last run, and the reads that failed (a
 * part the watcher cannot see is said, never taken for healthy). Facts: Graph's organization
 * (onPremisesLastSyncDateTime) and Entra Connect through the relay (Get-ADSyncScheduler,
 * Get-ADSyncRunProfileResult) - reference/entra-connect.md; Learn how-to-connect-sync-feature-scheduler.
 */
import type { RunProfileResult, SchedulerStatus } from '../models.ts';
import { digest, duration, utc } from './format.ts';
import type { AlertFact, AlertThresholds, AlertValue, WatchFacts } from './types.ts';

/** Entra Connect's default cycle (Learn: the scheduler runs every 30 minutes). */
export const DEFAULT_CYCLE_MINUTES = 30;
const STALE_CYCLES = 3;
/** The scheduler documentation: a delta sync must run within 7 days or a full sync is needed. */
const SEVEN_DAYS_MS = 7 * 86_400_000;
const MAX_EXPORT_ROWS = 10;

const base = (
  v: Omit<AlertValue, 'facts' | 'rows' | 'moreRows' | 'action'> & Partial<AlertValue>,
): AlertValue => ({ facts: [], rows: [], moreRows: 0, action: null, ...v });

const cycleMinutes = (s: SchedulerStatus | null): number =>
  s?.currentlyEffectiveSyncCycleIntervalMinutes ?? DEFAULT_CYCLE_MINUTES;

const schedulerOf = (f: WatchFacts): SchedulerStatus | null =>
  f.relay !== null && f.relay.scheduler.ok ? f.relay.scheduler.value : null;

/** The tenant's last sync older than the threshold (default: three cycles). */
export const staleSyncAlerts = (f: WatchFacts, t: AlertThresholds): AlertValue[] => {
  if (!f.organization.ok) return [];
  const last = f.organization.value.onPremisesLastSyncDateTime;
  const cycle = cycleMinutes(schedulerOf(f));
  const limitMin = t.staleSyncMinutes ?? STALE_CYCLES * cycle;
  const age = last === null ? Infinity : f.now.getTime() - Date.parse(last);
  if (age <= limitMin * 60_000) return [];
  const week = age > SEVEN_DAYS_MS;
  return [
    base({
      id: 'stale-sync',
      kind: 'stale-sync',
      severity: week || last === null ? 'critical' : 'warning',
      title: last === null ? 'The tenant has never synced' : 'The last sync is too old',
      summary:
        last === null
          ? 'Microsoft Entra ID reports no last sync time: nothing from AD has reached the cloud.'
          : `Microsoft Entra ID last heard from Entra Connect at ${utc(last)}, more than ${duration(limitMin * 60_000)} ago${t.staleSyncMinutes === null ? ` (${STALE_CYCLES} cycles of ${cycle} min)` : ''}: changes in AD are not reaching the cloud.${week ? ' After 7 days without a delta sync Entra Connect needs a full sync.' : ''}`,
      fix: 'Type sync status to see the scheduler and the last runs, then sync now. If the server does not answer, check the ADSync service on the Entra Connect server.',
      facts: [
        { label: 'Last sync', value: utc(last) },
        { label: 'Threshold', value: duration(limitMin * 60_000) },
      ],
      signature: week || last === null ? 'critical' : 'warning',
    }),
  ];
};

/** The scheduler in a state where nothing (or nothing useful) is synced. */
export const schedulerAlerts = (f: WatchFacts): AlertValue[] => {
  const s = schedulerOf(f);
  if (s === null) return [];
  const out: AlertValue[] = [];
  if (!s.syncCycleEnabled)
    out.push(
      base({
        id: 'scheduler.disabled',
        kind: 'scheduler',
        severity: 'critical',
        title: 'Automatic sync is turned off',
        summary:
          "Entra Connect's scheduler runs no sync cycles (SyncCycleEnabled is false): usually left over from a configuration change. Nothing syncs until it is turned on again.",
        fix: 'On the Entra Connect server, when the change is done: Set-ADSyncScheduler -SyncCycleEnabled $true.',
        signature: 'disabled',
      }),
    );
  if (s.schedulerSuspended)
    out.push(
      base({
        id: 'scheduler.suspended',
        kind: 'scheduler',
        severity: 'warning',
        title: 'The sync scheduler is suspended',
        summary:
          'Entra Connect suspends its scheduler during an upgrade and while its installation wizard is open; no cycle runs meanwhile (and its application certificate is not rotated).',
        fix: 'Finish the upgrade or close the Entra Connect wizard on the server. SchedulerSuspended is set by Connect only: do not set it with PowerShell.',
        signature: 'suspended',
      }),
    );
  if (s.stagingModeEnabled)
    out.push(
      base({
        id: 'scheduler.staging',
        kind: 'scheduler',
        severity: 'critical',
        title: 'The Entra Connect server is in staging mode',
        summary:
          'The server the relay agent runs on imports and synchronizes but exports nothing: no change reaches Entra ID from it, and a sync started from the bot fixes nothing.',
        fix: 'Install the relay agent on the active Entra Connect server, or take this one out of staging mode if it is meant to be the active one.',
        signature: 'staging',
      }),
    );
  return out;
};

/** Completed cycles in the run history: runs whose start follows the previous end within 2 minutes. */
export const cycleDurationsMs = (runs: readonly RunProfileResult[]): number[] => {
  const spans = runs
    .filter((r) => r.endDate !== null)
    .map((r) => ({ start: Date.parse(r.startDate), end: Date.parse(r.endDate!) }))
    .filter((r) => !Number.isNaN(r.start) && !Number.isNaN(r.end))
    .sort((a, b) => a.start - b.start);
  const cycles: { start: number; end: number }[] = [];
  for (const s of spans) {
    const last = cycles.at(-1);
    if (last !== undefined && s.start - last.end <= 120_000) last.end = Math.max(last.end, s.end);
    else cycles.push({ ...s });
  }
  return cycles.map((c) => c.end - c.start);
};

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** A cycle running far longer than usual (three times the median of the last cycles, at least 30 min). */
export const longCycleAlerts = (
  f: WatchFacts,
  t: AlertThresholds,
  seenSince: string | null,
): AlertValue[] => {
  const s = schedulerOf(f);
  if (s === null || !s.syncCycleInProgress || seenSince === null) return [];
  const runs = f.relay?.runs.ok === true ? f.relay.runs.value : [];
  const durations = cycleDurationsMs(runs);
  const usual = durations.length >= 2 ? median(durations) : null;
  const limitMs =
    t.longCycleMinutes !== null ? t.longCycleMinutes * 60_000 : Math.max(3 * (usual ?? 0), 30 * 60_000);
  const elapsed = f.now.getTime() - Date.parse(seenSince);
  if (!(elapsed > limitMs)) return [];
  return [
    base({
      id: 'long-cycle',
      kind: 'long-cycle',
      severity: 'warning',
      title: 'A sync cycle runs far longer than usual',
      summary: `A sync cycle has been running since at least ${utc(seenSince)} (${duration(elapsed)})${usual === null ? '' : `; the last cycles took about ${duration(usual)}`}. A stuck connector holds every later change back.`,
      fix: 'Open Synchronization Service Manager on the server to see which connector runs; Stop-ADSyncSyncCycle stops a stuck cycle safely (pending changes go with the next one).',
      facts: [
        { label: 'Running since', value: utc(seenSince) },
        { label: 'Usual cycle', value: usual === null ? 'unknown (too little history)' : duration(usual) },
      ],
      signature: 'long',
    }),
  ];
};

/** Export errors of the newest export run of each connector. */
export const exportErrorAlerts = (f: WatchFacts): AlertValue[] => {
  if (f.relay === null || !f.relay.runs.ok) return [];
  const newest = new Map<string, RunProfileResult>();
  for (const r of f.relay.runs.value)
    if (/export/i.test(r.runProfileName)) {
      const seen = newest.get(r.connectorName);
      if (seen === undefined || Date.parse(r.startDate) > Date.parse(seen.startDate))
        newest.set(r.connectorName, r);
    }
  const failed = [...newest.values()].filter(
    (r) => r.exportErrors.length > 0 || r.steps.some((s) => s.exportFailures > 0),
  );
  if (failed.length === 0) return [];
  const errors = failed.flatMap((r) => r.exportErrors.map((e) => ({ run: r, e })));
  const counted = failed.reduce(
    (n, r) => n + Math.max(r.exportErrors.length, ...r.steps.map((s) => s.exportFailures)),
    0,
  );
  const facts: AlertFact[] = failed.map((r) => ({
    label: r.connectorName,
    value: `${r.result} at ${utc(r.endDate ?? r.startDate)}`,
  }));
  return [
    base({
      id: 'export-errors',
      kind: 'export-errors',
      severity: 'warning',
      title: `Export errors in the last sync: ${counted}`,
      summary:
        'The last export of Entra Connect did not write every object: these objects stay out of date in the cloud until the cause is fixed.',
      fix: 'Each error names its cause (InvalidSoftMatch, AttributeValueMustBeUnique, the 2026 hardening...): link the user with link or Fix on the sync-errors alert, or remove the duplicate value at its source.',
      facts,
      rows: errors.slice(0, MAX_EXPORT_ROWS).map(({ e }) => ({
        text: e.distinguishedName,
        detail: `${e.errorType}: ${e.message}`,
        fixCloudUserId: null,
      })),
      moreRows: Math.max(0, counted - Math.min(errors.length, MAX_EXPORT_ROWS)),
      signature: digest(
        ...errors.map(({ e }) => `${e.distinguishedName}|${e.errorType}`).sort(),
        String(counted),
      ),
    }),
  ];
};

/** What the watcher could not read: named, with what it means and how to check by hand. */
export const unreadAlerts = (f: WatchFacts): AlertValue[] => {
  const out: AlertValue[] = [];
  const graph = [
    f.organization.ok ? null : { label: 'Tenant sync status', value: f.organization.reason },
    f.errorUsers.ok ? null : { label: 'Provisioning errors', value: f.errorUsers.reason },
  ].filter((x) => x !== null);
  if (graph.length > 0)
    out.push(
      base({
        id: 'graph.unreadable',
        kind: 'graph',
        severity: 'warning',
        title: 'Sync health could not be read from Microsoft Graph',
        summary:
          "The watcher cannot see the tenant's last sync or its sync errors, so it cannot tell whether they are healthy.",
        fix: 'Run hardmatch doctor: it names the missing permission or the unreachable endpoint.',
        facts: graph,
        signature: graph.map((g) => g.label).join(','),
      }),
    );
  const r = f.relay;
  if (r === null) return out;
  const relay = [
    r.scheduler.ok ? null : { label: 'Scheduler', value: r.scheduler.reason },
    r.runs.ok ? null : { label: 'Run results', value: r.runs.reason },
    r.server.ok ? null : { label: 'Entra Connect version', value: r.server.reason },
    r.credential.ok ? null : { label: 'Sync credential', value: r.credential.reason },
  ].filter((x) => x !== null);
  if (relay.length > 0)
    out.push(
      base({
        id: 'relay.unreadable',
        kind: 'relay',
        severity: r.scheduler.ok ? 'warning' : 'critical',
        title: r.scheduler.ok
          ? 'Parts of Entra Connect could not be read'
          : 'The relay agent on the Entra Connect server does not answer',
        summary:
          'The watcher cannot see these parts of the Entra Connect server, so it cannot tell whether they are healthy.',
        fix: 'Check the relay agent on the Entra Connect server (its log, the service) and run hardmatch doctor; an agent older than this bot answers "not on the allow-list" for newer reads: update it.',
        facts: relay,
        signature: relay.map((x) => x.label).join(','),
      }),
    );
  return out;
};
