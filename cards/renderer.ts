/** The cards the use cases render themselves (through the CardRenderer port). */
import type { CardRenderer } from '../app/ports.ts';
import { renderAlertCard } from './alert-card.ts';
import { renderApprovalCard } from './approval-card.ts';
import { renderNoticeCard } from './notice-card.ts';

export const CARD_RENDERER: CardRenderer = {
  request: renderApprovalCard,
  alert: renderAlertCard,
  notice: (title, text) => renderNoticeCard(title, text),
};
