/** Alert cards in every state, and the `alerts` list, for the template tests. */
import type { AlertsOverview } from '../../../app/alerts/overview.ts';
import type { AlertRecord, AlertView } from '../../../core/alerts/lifecycle.ts';
import type { AlertValue } from '../../../core/alerts/types.ts';
import { renderAlertCard } from '../../../cards/alert-card.ts';
import { renderAlertsCard } from '../../../cards/alerts-card.ts';
import type { AdaptiveCardJson } from '../../../cards/render.ts';
import { alertSettings } from '../../fixtures/alerts.ts';

const SAM = { id: 'aaaaaaaa-0000-0000-0000-000000000002', name: 'Senior Sam' };

export const heartbeat: AlertValue = {
  id: 'password-sync.heartbeat',
  kind: 'password-sync',
  severity: 'warning',
  title: 'Password hash sync heartbeat missing',
  summary: 'Password hash sync last reported at 2026-12-07 20:00 UTC, more than 2 h ago.',
  fix: 'Press Restart sync service.',
  facts: [{ label: 'Last password sync', value: '2026-12-07 20:00 UTC' }],
  rows: [],
  moreRows: 0,
  action: 'restart-sync',
  signature: 'warning',
};

export const syncErrors: AlertValue = {
  id: 'sync-errors.0123456789ab',
  kind: 'sync-errors',
  severity: 'warning',
  title: 'New sync errors: 12 users',
  summary: 'Microsoft Entra ID reports provisioning errors.',
  fix: 'Press Fix.',
  facts: [{ label: 'UserPrincipalName conflicts', value: '12' }],
  rows: Array.from({ length: 10 }, (_, i) => ({
    text: `User ${i} (user${i}@contoso.com)`,
    detail: `UPN conflict: user${i}@contoso.com · since 2026-12-07 10:00 UTC`,
    fixCloudUserId: `00000000-0000-0000-0000-00000000000${i}`,
  })),
  moreRows: 2,
  action: null,
  signature: 's',
};

const view = (value: AlertValue, o: Partial<AlertView> = {}): AlertView => ({
  value,
  state: 'open',
  openedAt: '2026-12-08T01:00:00Z',
  resolvedAt: null,
  snooze: null,
  mute: null,
  note: null,
  ...o,
});

export const alertFixtures = (): AdaptiveCardJson[] => [
  renderAlertCard(view(heartbeat)),
  renderAlertCard(view(heartbeat, { note: 'Restart requested by Senior Sam at 2026-12-08 01:05 UTC.' })),
  renderAlertCard(
    view(syncErrors, { snooze: { until: '2026-12-08T02:00:00Z', signature: null, by: SAM, at: 'x' } }),
  ),
  renderAlertCard(view(syncErrors, { snooze: { until: null, signature: 's', by: SAM, at: 'x' } })),
  renderAlertCard(
    view({ ...heartbeat, severity: 'critical' }, { mute: { by: SAM, at: '2026-12-08T01:00:00Z' } }),
  ),
  renderAlertCard(view(syncErrors, { state: 'resolved', resolvedAt: '2026-12-08T03:00:00Z' })),
  renderAlertCard(view(heartbeat, { state: 'continued' })),
];

const record = (value: AlertValue, o: Partial<AlertRecord> = {}): AlertRecord => ({
  id: value.id,
  kind: value.kind,
  state: 'open',
  value,
  openedAt: '2026-12-08T01:00:00Z',
  resolvedAt: null,
  post: { conversationId: '19:ops@thread.tacv2', postId: 'p1', at: '2026-12-08T01:00:00Z' },
  posting: null,
  shown: null,
  snooze: null,
  note: null,
  ...o,
});

export const overview = (o: Partial<AlertsOverview> = {}): AlertsOverview => ({
  settings: alertSettings(),
  open: [
    { record: record({ ...heartbeat, severity: 'critical' }), mute: null },
    { record: record(syncErrors, { snooze: { until: null, signature: 's', by: SAM, at: 'x' } }), mute: null },
    {
      record: record(syncErrors, { id: 'sync-errors.2', post: null }),
      mute: { by: SAM, at: '2026-12-08T01:00:00Z' },
    },
  ],
  mutes: [{ kind: 'sync-errors', mute: { by: SAM, at: '2026-12-08T01:00:00Z' } }],
  ...o,
});

export const alertsListFixtures = (): AdaptiveCardJson[] => [
  renderAlertsCard(overview(), '19:ops@thread.tacv2'),
  renderAlertsCard({ settings: null, open: [], mutes: [] }, 'a:personal'),
];
