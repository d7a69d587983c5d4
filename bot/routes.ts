/**
 * The teams-ai routes. Thin: parse (zod) -> dialog -> send or return the card (CONVENTIONS.md rule 5).
 * Card buttons that change the card in place are Action.Execute; buttons that start something new are
 * Action.Submit (a new message).
 */
import { ActivityTypes, CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import type { AdaptiveCard, Application } from '@microsoft/teams-ai';
import { DATASETS, VERBS } from '../cards/verbs.ts';
import { parseCommand, type Command } from '../dialogs/commands.ts';
import type { DialogDeps, TurnInfo } from '../dialogs/deps.ts';
import { runCommand } from '../dialogs/dispatch.ts';
import { backToPickers, cancelLink, refreshReview, reviewChoices, type Step } from '../dialogs/link.ts';
import { searchAdChoices, searchCloudChoices } from '../dialogs/pickers.ts';
import { fixCloudUser } from '../dialogs/sync.ts';
import { FixData, parseCardData, ReviewData, SearchContext, SessionData } from './card-data.ts';
import { correlationIdOf } from './correlation.ts';
import type { AppTurnState } from './state.ts';

const turnOf = (context: TurnContext): TurnInfo => ({ correlationId: correlationIdOf(context) });

/** Store the step's session and hand back its card (for Action.Execute, the card replaces the old one). */
const keep = (state: AppTurnState, step: Step): AdaptiveCard => {
  if (step.session !== undefined) state.conversation.link = step.session;
  return step.card;
};

const reply = async (context: TurnContext, state: AppTurnState, step: Step): Promise<void> => {
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(keep(state, step))));
};

export const registerRoutes = (app: Application<AppTurnState>, deps: DialogDeps): void => {
  const command = (c: Command) => async (context: TurnContext, state: AppTurnState) =>
    reply(context, state, await runCommand(deps, turnOf(context), c));

  // Type-ahead pickers (Data.Query).
  app.adaptiveCards.search(DATASETS.adUsers, async (_context, _state, query) =>
    searchAdChoices(deps, query.parameters.queryText, query.count),
  );
  app.adaptiveCards.search(DATASETS.cloudUsers, async (context, state, query) => {
    const chosen = SearchContext.safeParse((context.activity.value as { data?: unknown } | undefined)?.data);
    const partner =
      (chosen.success ? chosen.data.adUser : undefined) ?? state.conversation.link?.adGuid ?? null;
    return searchCloudChoices(deps, query.parameters.queryText, query.count, partner);
  });

  // The link wizard (Action.Execute: the returned card replaces the clicked one).
  app.adaptiveCards.actionExecute(VERBS.linkReview, async (context, state, data) =>
    keep(
      state,
      await reviewChoices(deps, turnOf(context), state.conversation.link, parseCardData(ReviewData, data)),
    ),
  );
  app.adaptiveCards.actionExecute(VERBS.reviewRefresh, async (context, state, data) =>
    keep(
      state,
      await refreshReview(
        deps,
        turnOf(context),
        state.conversation.link,
        parseCardData(SessionData, data).sessionId,
      ),
    ),
  );
  app.adaptiveCards.actionExecute(VERBS.reviewBack, async (_context, state, data) =>
    keep(
      state,
      await backToPickers(deps, state.conversation.link, parseCardData(SessionData, data).sessionId),
    ),
  );
  app.adaptiveCards.actionExecute(VERBS.reviewCancel, (_context, state, data) =>
    Promise.resolve(
      keep(state, cancelLink(state.conversation.link, parseCardData(SessionData, data).sessionId)),
    ),
  );
  // APPROVAL STEP (issue 7): app.adaptiveCards.actionExecute(VERBS.requestApproval, ...) goes here.

  // Buttons that start something new (Action.Submit: a new message).
  app.adaptiveCards.actionSubmit(VERBS.commandLink, command({ kind: 'link', ad: null, cloud: null }));
  app.adaptiveCards.actionSubmit(VERBS.commandErrors, command({ kind: 'errors' }));
  app.adaptiveCards.actionSubmit(VERBS.commandSyncStatus, command({ kind: 'sync-status' }));
  app.adaptiveCards.actionSubmit(VERBS.fixCloudUser, async (context, state, data) =>
    reply(context, state, await fixCloudUser(deps, parseCardData(FixData, data).cloudUserId)),
  );

  // Typed text, last: anything not understood gets the help card, never silence.
  app.activity(ActivityTypes.Message, async (context, state) =>
    command(parseCommand(context.activity.text))(context, state),
  );
};
