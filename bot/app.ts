/** The teams-ai Application: mention stripping, the conversation references, the routes. */
import type { TeamsAdapter } from '@microsoft/teams-ai';
import { Application, TurnState } from '@microsoft/teams-ai';
import type { AppContext } from '../app/context.ts';
import type { ConversationBook } from './conversations.ts';
import { registerRoutes, type RouteOptions } from './routes.ts';

export interface AppOptions extends RouteOptions {
  /** Needed only for proactive messages. */
  readonly adapter?: TeamsAdapter;
  readonly botAppId?: string;
  /** Typing indicator while a turn runs; off in tests so replies are deterministic. */
  readonly typing?: boolean;
  /** Where the conversation references are kept for proactive messages; none in tests with a fake Notifier. */
  readonly conversations?: ConversationBook;
}

export const createApp = (ctx: AppContext, options: AppOptions): Application => {
  // No storage: all state is the product's own (link sessions, requests, jobs in the Store).
  const app = new Application({
    ...(options.adapter === undefined ? {} : { adapter: options.adapter }),
    ...(options.botAppId === undefined ? {} : { botAppId: options.botAppId }),
    removeRecipientMention: true,
    startTypingTimer: options.typing ?? true,
    turnStateFactory: () => new TurnState(),
  });
  const book = options.conversations;
  if (book !== undefined)
    app.turn('beforeTurn', async (context) => {
      await book.remember(context);
      return true;
    });
  registerRoutes(app, ctx, options);
  return app;
};
