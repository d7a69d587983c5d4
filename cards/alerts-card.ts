/** `alerts`: the open sync-health alerts, the muted kinds, where the watcher posts - and this conversation's id. */
import template from './templates/alerts.json' with { type: 'json' };
import type { AlertsOverview } from '../app/alerts/overview.ts';
import { formatTime } from './format.ts';
import { renderTemplate, summarise, type AdaptiveCardJson } from './render.ts';

const MAX_SHOWN = 15;

export const renderAlertsCard = (o: AlertsOverview, conversationId: string): AdaptiveCardJson => {
  const shown = summarise(o.open, MAX_SHOWN);
  return renderTemplate(template, {
    title: o.open.length === 0 ? 'No open sync-health alerts' : `Open sync-health alerts: ${o.open.length}`,
    watcher:
      o.settings === null
        ? 'The watcher is off: set HM_ALERTS_CONVERSATION_ID to the ops channel (README: Sync-health alerts).'
        : `The watcher looks every ${Math.round(o.settings.intervalMs / 1000)} s and posts to the ops conversation ${o.settings.conversationId}.`,
    alerts: [
      ...shown.shown.map(({ record: r, mute }) => ({
        heading: `${r.value.severity === 'critical' ? 'CRITICAL' : 'WARNING'}: ${r.value.title}`,
        color: r.value.severity === 'critical' ? 'Attention' : 'Warning',
        detail: [
          `Open since ${formatTime(r.openedAt)}.`,
          r.snooze === null
            ? ''
            : `Snoozed by ${r.snooze.by.name} ${r.snooze.until === null ? 'until it changes' : `until ${formatTime(r.snooze.until)}`}.`,
          mute === null ? '' : 'Muted kind: not posted.',
          r.post === null && mute === null && r.snooze === null ? 'Not posted yet.' : '',
        ]
          .filter((x) => x !== '')
          .join(' '),
      })),
      ...(shown.more > 0
        ? [{ heading: shown.moreText, color: 'Default', detail: 'hardmatch alerts lists them all.' }]
        : []),
    ],
    muted:
      o.mutes.length === 0
        ? ''
        : `Muted kinds: ${o.mutes.map((m) => `${m.kind} (by ${m.mute.by.name}, ${formatTime(m.mute.at)})`).join(', ')}.`,
    here: `This conversation's id (for HM_ALERTS_CONVERSATION_ID): ${conversationId}`,
  });
};
