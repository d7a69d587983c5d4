/**
 * Proactive messages over the adapter (continueConversation): post a card, update a card in place for
 * everyone (updateActivity - works without Universal Actions refresh), a text with @mentions, and the
 * conversation's members.
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
import type { ConversationRef, Messenger, TeamsPerson } from '../dialogs/approval-deps.ts';

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
export const createMessenger = (adapter: TeamsAdapter, botAppId: string): Messenger => {
  const run = async <T>(ref: ConversationRef, logic: (ctx: TurnContext) => Promise<T>): Promise<T> => {
    let out: T | undefined;
    await adapter.continueConversationAsync(botAppId, ref, async (ctx) => {
      out = await logic(ctx);
    });
    return out as T;
  };
  return {
    post: (ref, card) =>
      run(ref, async (ctx) => {
        const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
        return (await ctx.sendActivity(activity))?.id ?? null;
      }),
    update: (ref, activityId, card) =>
      run(ref, async (ctx) => {
        await ctx.updateActivity({
          type: 'message',
          id: activityId,
          attachments: [CardFactory.adaptiveCard(card)],
        });
      }),
    say: (ref, text, people) =>
      run(ref, async (ctx) => {
        await ctx.sendActivity(withMentions({ type: 'message' }, text, people));
      }),
    members: (ref) =>
      run(ref, async (ctx) => {
        const page = await TeamsInfo.getPagedMembers(ctx, 50);
        return page.members.map((m) => ({ teamsId: m.id, id: m.aadObjectId ?? m.id, name: m.name }));
      }),
  };
};
