import template from './templates/audit.json' with { type: 'json' };
import type { AuditRecord } from '../core/ports.ts';
import { formatTime } from './format.ts';
import { renderTemplate, show, type AdaptiveCardJson } from './render.ts';

/**
 * The newest audit entries, one row each: when, what, outcome; who (the display name stored with the
 * entry; the id for older entries and non-persons), on what, request and audit ids.
 */
export const renderAuditCard = (entries: readonly AuditRecord[]): AdaptiveCardJson =>
  renderTemplate(template, {
    entries: entries.map((e) => ({
      at: formatTime(e.at),
      action: e.action,
      outcome: e.outcome,
      line: [
        `by ${e.actorName ?? e.actor}`,
        e.target === null ? '' : `on ${e.target}`,
        e.requestId === null ? '' : `request ${e.requestId}`,
        `audit id ${e.id}`,
        show(e.message ?? '') === '(none)' ? '' : (e.message ?? ''),
      ]
        .filter((s) => s !== '')
        .join(' · '),
    })),
  });
