/**
 * The teams-ai routes, fed by the dialogs' tables: one Action.Execute route and one Action.Submit route
 * for every card action, one search route per type-ahead data set, and the message route for typed
 * commands (last: anything not understood gets the help card, never silence). Each route only turns the
 * activity into a turn, calls the table's handler and sends or returns its card.
 */
import { ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCard, Application, TurnState } from '@microsoft/teams-ai';
import type { AppContext } from '../app/context.ts';
import type { Origin } from '../app/ports.ts';
import type { AdaptiveCardJson } from '../cards/render.ts';
import { CARD_ACTIONS, cardAction } from '../dialogs/card-actions.ts';
import { answerMessage } from '../dialogs/commands.ts';
import { SEARCHES } from '../dialogs/pickers.ts';
import { invalidInput } from '../core/errors.ts';
import { originOf } from './actor.ts';

export interface RouteOptions {
  /** Local mode: the Playground's user ids stand in for Entra object ids. */
  readonly localMode: boolean;
  /** The tenant the guard accepts ('default' when none is configured: local mode). */
  readonly tenantId: string;
}

const send = (context: TurnContext, card: AdaptiveCardJson) =>
  context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));

const verbOf = (context: TurnContext): unknown =>
  (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;

export const registerRoutes = (app: Application<TurnState>, ctx: AppContext, options: RouteOptions): void => {
  const turn = (context: TurnContext): Origin => originOf(context, options.localMode, options.tenantId);
  const verbs = (kind: 'execute' | 'submit') =>
    CARD_ACTIONS.filter((a) => a.kind === kind).map((a) => a.verb);

  for (const s of SEARCHES)
    app.adaptiveCards.search(s.dataset, async (context, _state, query) =>
      s.run(
        ctx,
        turn(context),
        query.parameters.queryText,
        query.count,
        (context.activity.value as { data?: unknown } | undefined)?.data,
      ),
    );

  app.adaptiveCards.actionExecute(verbs('execute'), async (context, _state, data) => {
    const entry = cardAction('execute', verbOf(context));
    if (entry === undefined) throw invalidInput('This card sent an action I do not know.');
    // A rendered card is the Adaptive Card JSON teams-ai returns as the invoke's answer.
    const card: AdaptiveCard = await entry.handle(ctx, turn(context), data);
    return card;
  });

  app.adaptiveCards.actionSubmit(verbs('submit'), async (context, _state, data) => {
    const entry = cardAction('submit', (data as { verb?: unknown } | null)?.verb);
    if (entry === undefined) throw invalidInput('This card sent an action I do not know.');
    await send(context, await entry.handle(ctx, turn(context), data));
  });

  // Typed text, last. Action.Submit messages without a known verb carry no text and get the help card.
  app.activity(ActivityTypes.Message, async (context) => {
    await send(context, await answerMessage(ctx, turn(context), context.activity.text));
  });
};
