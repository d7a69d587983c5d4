/**
 * Every card action, in one table: its verb, how the card sends it (Action.Execute: the answer replaces
 * the clicked card; Action.Submit: the answer is a new message), the payload's schema and the handler.
 * The edge registers one route per kind for all of them (the shape of teams.ts's single `card.action`
 * route) and the table is the only place a verb meets its code. Handlers: parse -> use case -> render.
 */
import type { z } from 'zod';
import { cardFor } from '../app/approvals/board.ts';
import { decideRequest, type Decision } from '../app/approvals/decide.ts';
import { requestAgain, requestUndo } from '../app/approvals/follow-ups.ts';
import { requestApproval } from '../app/approvals/request-approval.ts';
import { muteAlertKind, snoozeAlert } from '../app/alerts/suppress.ts';
import type { AppContext } from '../app/context.ts';
import { fixPair } from '../app/sync-info.ts';
import { renderNoticeCard } from '../cards/notice-card.ts';
import type { AdaptiveCardJson } from '../cards/render.ts';
import { VERBS } from '../cards/verbs.ts';
import { restartSync } from './alerts.ts';
import {
  AlertRefData,
  DecisionData,
  FixData,
  NoData,
  parseCardData,
  RequestApprovalData,
  RequestRefData,
  ReviewData,
  SessionData,
  SnoozeData,
} from './card-data.ts';
import { COMMANDS } from './commands.ts';
import { backToPickers, cancelLink, openPickers, refreshReview, reviewChoices } from './link.ts';
import type { Turn } from './turn.ts';

export type CardActionKind = 'execute' | 'submit';

export interface CardAction {
  readonly verb: string;
  readonly kind: CardActionKind;
  /** Runs the action on card data that has not been checked yet (the entry's schema checks it). */
  readonly handle: (ctx: AppContext, turn: Turn, data: unknown) => Promise<AdaptiveCardJson>;
}

/** A table entry whose handler gets the payload its schema produced. */
const action = <T>(
  verb: string,
  kind: CardActionKind,
  schema: z.ZodType<T>,
  run: (ctx: AppContext, turn: Turn, payload: T) => Promise<AdaptiveCardJson>,
): CardAction => ({
  verb,
  kind,
  handle: (ctx, turn, data) => run(ctx, turn, parseCardData(schema, data)),
});

const decision = (verb: string, kind: Decision): CardAction =>
  action(verb, 'execute', DecisionData, (ctx, turn, p) => decideRequest(ctx, turn, kind, p));

/** A button that runs a chat command as if it was typed (no arguments). */
const asCommand = (verb: string, name: string): CardAction => {
  const c = COMMANDS.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no command ${name}`);
  return action(verb, 'submit', NoData, (ctx, turn) => c.run(ctx, turn, c.parse([])));
};

export const CARD_ACTIONS: readonly CardAction[] = [
  // The link wizard.
  action(VERBS.linkReview, 'execute', ReviewData, (ctx, turn, p) => reviewChoices(ctx, turn, p)),
  action(VERBS.reviewRefresh, 'execute', SessionData, (ctx, turn, p) =>
    refreshReview(ctx, turn, p.sessionId),
  ),
  action(VERBS.reviewBack, 'execute', SessionData, (ctx, turn, p) => backToPickers(ctx, turn, p.sessionId)),
  action(VERBS.reviewCancel, 'execute', SessionData, (ctx, turn, p) => cancelLink(ctx, turn, p.sessionId)),
  // Approvals.
  action(VERBS.requestApproval, 'execute', RequestApprovalData, async (ctx, turn, p) => {
    const r = await requestApproval(ctx, turn, p);
    if (r.kind === 'created') return r.card;
    if (r.kind === 'plan-changed') return refreshReview(ctx, turn, p.sessionId);
    return renderNoticeCard('This card is out of date', r.why, true);
  }),
  decision(VERBS.approve, 'approve'),
  decision(VERBS.reject, 'reject'),
  decision(VERBS.withdraw, 'withdraw'),
  action(VERBS.requestAgain, 'execute', RequestRefData, (ctx, turn, p) =>
    requestAgain(ctx, turn, p.requestId),
  ),
  action(VERBS.undo, 'execute', RequestRefData, (ctx, turn, p) => requestUndo(ctx, turn, p.requestId)),
  // The Universal Actions refresh (real Teams, on view): this user's card, read from the store.
  action(VERBS.refreshApproval, 'execute', RequestRefData, (ctx, turn, p) =>
    cardFor(ctx, p.requestId, turn.actor),
  ),
  // Buttons that start something new.
  asCommand(VERBS.commandLink, 'link'),
  asCommand(VERBS.commandErrors, 'errors'),
  asCommand(VERBS.commandSyncStatus, 'sync status'),
  action(VERBS.fixCloudUser, 'submit', FixData, async (ctx, turn, p) => {
    const { ad, cloud } = await fixPair(ctx, p.cloudUserId);
    return openPickers(ctx, turn, ad, cloud, '');
  }),
  // Sync-health alerts (approvers only, checked in the use cases).
  action(VERBS.alertSnooze, 'execute', SnoozeData, (ctx, turn, p) =>
    snoozeAlert(ctx, turn, p.alertId, p.span),
  ),
  action(VERBS.alertMute, 'execute', AlertRefData, (ctx, turn, p) =>
    muteAlertKind(ctx, turn, p.alertId, true),
  ),
  action(VERBS.alertUnmute, 'execute', AlertRefData, (ctx, turn, p) =>
    muteAlertKind(ctx, turn, p.alertId, false),
  ),
  action(VERBS.syncRestart, 'execute', NoData, (ctx, turn) => restartSync(ctx, turn)),
];

/** The entry for `verb` of `kind`; undefined for anything else (an unknown or tampered verb). */
export const cardAction = (kind: CardActionKind, verb: unknown): CardAction | undefined =>
  CARD_ACTIONS.find((a) => a.kind === kind && a.verb === verb);
