/** The cards the use cases render themselves (through the CardRenderer port): a request's card. */
import type { CardRenderer } from '../app/ports.ts';
import { renderApprovalCard } from './approval-card.ts';

export const CARD_RENDERER: CardRenderer = { request: renderApprovalCard };
