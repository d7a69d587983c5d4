import template from './templates/notice.json' with { type: 'json' };
import { renderTemplate, type AdaptiveCardJson } from './render.ts';

/** A short message card (cancelled, out of date); `offerRestart` adds "Start a new link". */
export const renderNoticeCard = (title: string, text: string, offerRestart = false): AdaptiveCardJson =>
  renderTemplate(template, { title, text, offerRestart });
