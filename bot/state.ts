import type { TurnState, DefaultConversationState } from '@microsoft/teams-ai';
import type { LinkSession } from '../dialogs/link-session.ts';

/** Per-conversation state: the link wizard's session (cards carry only its id). */
export interface ConversationData extends DefaultConversationState {
  link?: LinkSession;
}

export type AppTurnState = TurnState<ConversationData>;
