/**
 * A sync-health alert's card: what is wrong, since when, the facts, the affected users (each with Fix),
 * what to do, and - while it is open - the fix button, Snooze and Mute this kind. The same card is
 * updated in place as the alert changes, and says when it was resolved.
 */
import template from './templates/alert.json' with { type: 'json' };
import type { AlertView } from '../core/alerts/lifecycle.ts';
import { formatTime } from './format.ts';
import { renderTemplate, type AdaptiveCardJson } from './render.ts';

const stateLine = (v: AlertView): string => {
  const since = `open since ${formatTime(v.openedAt)}`;
  if (v.state === 'resolved') return `Resolved at ${formatTime(v.resolvedAt)} (was ${since}).`;
  if (v.state === 'continued') return `Still open (${since}): the alert continues in a newer message.`;
  const parts = [`Open since ${formatTime(v.openedAt)}.`];
  if (v.snooze !== null)
    parts.push(
      v.snooze.until === null
        ? `Snoozed by ${v.snooze.by.name} until it changes.`
        : `Snoozed by ${v.snooze.by.name} until ${formatTime(v.snooze.until)}.`,
    );
  if (v.mute !== null)
    parts.push(`Alerts of this kind are muted (by ${v.mute.by.name}): new ones are not posted.`);
  return parts.join(' ');
};

const badge = (v: AlertView): { text: string; color: string; style: string } => {
  if (v.state === 'resolved') return { text: 'RESOLVED', color: 'Good', style: 'good' };
  if (v.value.severity === 'critical')
    return { text: 'CRITICAL · SYNC HEALTH', color: 'Attention', style: 'attention' };
  return { text: 'WARNING · SYNC HEALTH', color: 'Default', style: 'warning' };
};

export const renderAlertCard = (v: AlertView): AdaptiveCardJson => {
  const open = v.state === 'open';
  const b = badge(v);
  return renderTemplate(template, {
    badge: b.text,
    badgeColor: b.color,
    style: b.style,
    title: v.value.title,
    stateLine: stateLine(v),
    summary: v.value.summary,
    facts: v.value.facts,
    rows: v.value.rows.map((r) => ({
      text: r.text,
      detail: r.detail,
      // A resolved alert's users are fixed: no Fix buttons on it.
      fix: open && r.fixCloudUserId !== null,
      cloudUserId: r.fixCloudUserId ?? '',
    })),
    moreText: v.value.moreRows > 0 ? `and ${v.value.moreRows} more` : '',
    fix: open ? v.value.fix : '',
    note: v.note ?? '',
    open,
    muted: v.mute !== null,
    restart: open && v.value.action === 'restart-sync',
    allErrors: open && v.value.kind === 'sync-errors',
    alertId: v.value.id,
  });
};
