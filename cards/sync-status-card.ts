import template from './templates/sync-status.json' with { type: 'json' };
import { formatTime, schedulerLine, yesNo } from './format.ts';
import { NONE, renderTemplate, summarise, type AdaptiveCardJson } from './render.ts';
import type { SyncStatus } from '../app/sync-info.ts';

const MAX_RUNS = 8;

/** The view is the sync-status use case's answer. */
type SyncStatusView = SyncStatus;

const resultColor = (r: string): string =>
  r === 'success' ? 'Good' : r.startsWith('completed-') ? 'Warning' : 'Attention';

/** Entra Connect's scheduler, the tenant's last sync times and the last run profile results. */
export const renderSyncStatusCard = (v: SyncStatusView): AdaptiveCardJson => {
  const s = v.scheduler;
  const runs = summarise(v.runs, MAX_RUNS);
  const org = v.organization;
  return renderTemplate(template, {
    headline: schedulerLine(s),
    headlineColor: s.stagingModeEnabled || s.schedulerSuspended || !s.syncCycleEnabled ? 'Warning' : 'Good',
    scheduler: [
      { title: 'Sync cycle enabled', value: yesNo(s.syncCycleEnabled) },
      { title: 'Cycle in progress', value: yesNo(s.syncCycleInProgress) },
      { title: 'Staging mode', value: yesNo(s.stagingModeEnabled) },
      { title: 'Scheduler suspended', value: yesNo(s.schedulerSuspended) },
      {
        title: 'Next cycle',
        value: `${s.nextSyncCyclePolicyType ?? NONE} at ${formatTime(s.nextSyncCycleStartTimeInUtc)}`,
      },
      {
        title: 'Interval',
        value:
          s.currentlyEffectiveSyncCycleIntervalMinutes === null
            ? NONE
            : `${s.currentlyEffectiveSyncCycleIntervalMinutes} min`,
      },
      {
        title: 'Tenant last sync',
        value: org.ok ? formatTime(org.value.onPremisesLastSyncDateTime) : `Unknown: ${org.reason}`,
      },
      {
        title: 'Last password sync',
        // Beta-only in Graph: unreadable is "unknown", not "never".
        value: !org.ok
          ? 'Unknown'
          : org.value.lastPasswordSyncUnread !== undefined
            ? `Unknown: ${org.value.lastPasswordSyncUnread.message}`
            : formatTime(org.value.onPremisesLastPasswordSyncDateTime),
      },
    ],
    runs: runs.shown.map((r) => {
      const failures = r.steps.reduce((n, st) => n + st.exportFailures + st.importErrors, 0);
      return {
        profile: `${r.connectorName}: ${r.runProfileName}`,
        when: `${formatTime(r.startDate)} → ${formatTime(r.endDate)}${failures > 0 ? ` · ${failures} errors` : ''}`,
        result: r.result,
        color: resultColor(r.result),
      };
    }),
    runsEmpty: 'No run results reported.',
    runsMore: runs.moreText,
  });
};
