/**
 * Routes of the approval step (issue 7): Request approval on the review card, Approve / Reject /
 * Withdraw / Request again / Undo on the request cards (Action.Execute: the answer replaces the clicked
 * card; the others are updated in place), and `sync now` / `audit` typed in chat. Registered before the
 * link wizard's routes so the typed commands win over the catch-all message route.
 */
import { CardFactory, MessageFactory, TurnContext } from 'botbuilder';
import type { AdaptiveCard, Application } from '@microsoft/teams-ai';
import { DomainError } from '../core/errors.ts';
import { VERBS } from '../cards/verbs.ts';
import type { AdaptiveCardJson } from '../cards/render.ts';
import type { ApprovalDeps, TeamsPerson } from '../dialogs/approval-deps.ts';
import {
  decideRequest,
  requestAgain,
  requestApproval,
  requestUndo,
  type Origin,
} from '../dialogs/approval.ts';
import { cardFor } from '../dialogs/approval-view.ts';
import { auditCard } from '../dialogs/audit.ts';
import { normaliseText } from '../dialogs/commands.ts';
import type { DialogDeps } from '../dialogs/deps.ts';
import { syncNow } from '../dialogs/sync-now.ts';
import { DecisionData, RequestApprovalData, RequestRefData } from './approval-card-data.ts';
import { parseCardData } from './card-data.ts';
import { correlationIdOf } from './correlation.ts';
import type { AppTurnState } from './state.ts';

/**
 * The acting person: the Entra object id Teams puts on every activity. Only in local mode (the
 * Playground without its own ids) does the channel's user id stand in for it.
 */
const actorOf = (context: TurnContext, localMode: boolean): TeamsPerson => {
  const from = context.activity.from;
  const id = from.aadObjectId ?? (localMode ? from.id : undefined);
  if (id === undefined || id === '')
    throw new DomainError('APPROVAL.NOT_ALLOWED', 'Teams did not say who you are, so I cannot act on this.');
  return { id, name: from.name ?? id, teamsId: from.id };
};

const originOf = (context: TurnContext, localMode: boolean): Origin => ({
  correlationId: correlationIdOf(context),
  actor: actorOf(context, localMode),
  ref: TurnContext.getConversationReference(context.activity),
  activityId: context.activity.replyToId ?? null,
});

/** A typed command; Action.Submit messages carry no text and go to their own routes. */
const typed =
  (command: string) =>
  (context: TurnContext): Promise<boolean> =>
    Promise.resolve(
      context.activity.type === 'message' &&
        normaliseText(context.activity.text ?? '').toLowerCase() === command,
    );

const send = (context: TurnContext, card: AdaptiveCardJson) =>
  context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));

export const registerApprovalRoutes = (
  app: Application<AppTurnState>,
  deps: DialogDeps,
  a: ApprovalDeps,
  options: { readonly localMode: boolean },
): void => {
  const origin = (context: TurnContext) => originOf(context, options.localMode);
  app.adaptiveCards.actionExecute(VERBS.requestApproval, async (context, state, data) => {
    const input = parseCardData(RequestApprovalData, data);
    const step = await requestApproval(deps, a, origin(context), state.conversation.link, input);
    if (step.session !== undefined) state.conversation.link = step.session;
    return step.card;
  });
  const decision =
    (kind: 'approve' | 'reject' | 'withdraw') =>
    async (context: TurnContext, _s: AppTurnState, data: unknown) =>
      (await decideRequest(
        deps,
        a,
        origin(context),
        kind,
        parseCardData(DecisionData, data),
      )) as AdaptiveCard;
  app.adaptiveCards.actionExecute(VERBS.approve, decision('approve'));
  app.adaptiveCards.actionExecute(VERBS.reject, decision('reject'));
  app.adaptiveCards.actionExecute(VERBS.withdraw, decision('withdraw'));
  // Verbs whose card data is only a request id: parse it once, the rest is the dialog's.
  const onRequest = (verb: string, run: (context: TurnContext, requestId: string) => Promise<unknown>) =>
    app.adaptiveCards.actionExecute(
      verb,
      async (context, _state, data) =>
        (await run(context, parseCardData(RequestRefData, data).requestId)) as AdaptiveCard,
    );
  onRequest(VERBS.requestAgain, (context, id) => requestAgain(deps, a, origin(context), id));
  onRequest(VERBS.undo, (context, id) => requestUndo(deps, a, origin(context), id));
  // The Universal Actions refresh (real Teams, on view): this user's card, read from the store.
  onRequest(VERBS.refreshApproval, (context, id) => cardFor(a, id, actorOf(context, options.localMode)));
  app.message(typed('sync now'), async (context) => {
    const o = origin(context);
    await send(
      context,
      await syncNow(deps, a, { ...o, tenantId: context.activity.conversation.tenantId ?? '' }),
    );
  });
  app.message(typed('audit'), async (context) => {
    await send(context, await auditCard(a, origin(context).actor));
  });
};
