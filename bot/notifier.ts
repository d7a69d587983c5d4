/**
 * The use cases' Notifier over the adapter (continueConversation): post a card, update a card in place
 * for everyone (updateActivity - works without Universal Actions refresh), a text with @mentions, and the
 * conversation's members. Conversations are named by id; the references come from the ConversationBook.
 */
import {
  CardFactory,
  MessageFactory,
  TeamsInfo,
  type Activity,
  type Mention,
  type TurnContext,
} from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Notifier, TeamsPerson } from '../app/ports.ts';
import { normaliseObjectId } from './actor.ts';
import type { ConversationBook } from './conversations.ts';

const mentionOf = (p: TeamsPerson): Mention => ({
  type: 'mention',
  text: `<at>${p.name}</at>`,
  mentioned: { id: p.teamsId, name: p.name },
});

const withMentions = (activity: Partial<Activity>, text: string, people: readonly TeamsPerson[]) => {
  const tags = people.map((p) => `<at>${p.name}</at>`).join(' ');
  activity.text = tags === '' ? text : `${tags} ${text}`;
  activity.entities = people.map(mentionOf);
  return activity;
};

/** `botAppId` is empty in local mode (no authentication). */
export const createNotifier = (adapter: TeamsAdapter, botAppId: string, book: ConversationBook): Notifier => {
  const run = async <T>(conversationId: string, logic: (ctx: TurnContext) => Promise<T>): Promise<T> => {
    let out: T | undefined;
    await adapter.continueConversationAsync(botAppId, await book.refFor(conversationId), async (ctx) => {
      out = await logic(ctx);
    });
    return out as T;
  };
  return {
    post: (conversationId, card) =>
      run(conversationId, async (ctx) => {
        const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
        return (await ctx.sendActivity(activity))?.id ?? null;
      }),
    update: (conversationId, postId, card) =>
      run(conversationId, async (ctx) => {
        await ctx.updateActivity({
          type: 'message',
          id: postId,
          attachments: [CardFactory.adaptiveCard(card)],
        });
      }),
    say: (conversationId, text, people) =>
      run(conversationId, async (ctx) => {
        await ctx.sendActivity(withMentions({ type: 'message' }, text, people));
      }),
    members: (conversationId) =>
      run(conversationId, async (ctx) => {
        const page = await TeamsInfo.getPagedMembers(ctx, 50);
        return page.members.map((m) => ({
          teamsId: m.id,
          id: normaliseObjectId(m.aadObjectId ?? m.id),
          name: m.name,
        }));
      }),
  };
};
