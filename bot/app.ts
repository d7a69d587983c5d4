/** The teams-ai Application: storage for conversation state, mention stripping, the routes. */
import { MemoryStorage, type Storage } from 'botbuilder';
import { Application, TurnState, type TeamsAdapter } from '@microsoft/teams-ai';
import type { DialogDeps } from '../dialogs/deps.ts';
import type { ApprovalDeps } from '../dialogs/approval-deps.ts';
import { registerApprovalRoutes } from './approval-routes.ts';
import { registerRoutes } from './routes.ts';
import type { AppTurnState, ConversationData } from './state.ts';

export interface AppOptions {
  /** Conversation state storage; in-memory when absent (sandbox, tests). */
  readonly storage?: Storage;
  /** Needed only for proactive messages (the approval step). */
  readonly adapter?: TeamsAdapter;
  readonly botAppId?: string;
  /** Typing indicator while a turn runs; off in tests so replies are deterministic. */
  readonly typing?: boolean;
  /** The approval step's dependencies (bot/approval-setup.ts); without them no approval routes. */
  readonly approvals?: { readonly deps: ApprovalDeps; readonly localMode: boolean };
}

export const createApp = (deps: DialogDeps, options: AppOptions = {}): Application<AppTurnState> => {
  const app = new Application<AppTurnState>({
    storage: options.storage ?? new MemoryStorage(),
    ...(options.adapter === undefined ? {} : { adapter: options.adapter }),
    ...(options.botAppId === undefined ? {} : { botAppId: options.botAppId }),
    removeRecipientMention: true,
    startTypingTimer: options.typing ?? true,
    turnStateFactory: () => new TurnState<ConversationData>(),
  });
  // First: their typed commands (`sync now`, `audit`) must win over the catch-all message route.
  if (options.approvals !== undefined)
    registerApprovalRoutes(app, deps, options.approvals.deps, { localMode: options.approvals.localMode });
  registerRoutes(app, deps);
  return app;
};
