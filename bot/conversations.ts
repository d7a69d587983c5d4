/**
 * The edge keeps the conversation references: the use cases name conversations by id, and proactive
 * messages need Bot Framework's ConversationReference (service URL, bot, conversation). Each turn's
 * reference is stored when it is new or changed (once per conversation per process, not per turn). A
 * conversation the bot was never spoken to in - the configured approvers' channel - is reached through
 * the service URL of the conversations it knows, as a new post.
 */
import { TurnContext, type ConversationReference } from 'botbuilder';
import type { ConversationRepository } from '../app/repositories/conversations.ts';

export type Ref = Partial<ConversationReference>;

export interface ConversationBook {
  /** Record the reference of this turn's conversation. */
  remember(context: TurnContext): Promise<void>;
  /** The reference to reach `conversationId` with. */
  refFor(conversationId: string): Promise<Ref>;
}

export const conversationBook = (repository: ConversationRepository): ConversationBook => {
  const written = new Map<string, string>();
  let template: Ref | null = null;
  return {
    async remember(context) {
      const ref = TurnContext.getConversationReference(context.activity);
      const id = ref.conversation?.id;
      if (id === undefined || id === '') return;
      template = ref;
      const json = JSON.stringify(ref);
      if (written.get(id) === json) return;
      await repository.save(id, ref);
      written.set(id, json);
    },
    async refFor(conversationId) {
      const stored = (await repository.get(conversationId)) as Ref | null;
      if (stored !== null) return stored;
      if (template === null)
        throw new Error(
          `No conversation reference for ${conversationId.slice(0, 60)} and none to derive it from.`,
        );
      // A new post in that conversation (a channel), not a reply to the template's message.
      const rest: Ref = { ...template };
      delete rest.activityId;
      return {
        ...rest,
        conversation: {
          id: conversationId,
          isGroup: true,
          conversationType: 'channel',
          tenantId: template.conversation?.tenantId ?? '',
          name: '',
        },
      };
    },
  };
};
