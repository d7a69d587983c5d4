/** A hand-written Messenger that records what the bot posted, updated and said, per conversation. */
import type { ConversationRef, Messenger, TeamsPerson } from '../../dialogs/approval-deps.ts';
import type { AdaptiveCardJson } from '../../cards/render.ts';

export interface Posted {
  readonly conversationId: string;
  readonly id: string;
  card: AdaptiveCardJson;
}

export class RecordingMessenger implements Messenger {
  posts: Posted[] = [];
  updates: { conversationId: string; activityId: string; card: AdaptiveCardJson }[] = [];
  said: { conversationId: string; text: string; people: readonly TeamsPerson[] }[] = [];
  /** Members per conversation id (for the approvers' @mention). */
  members_ = new Map<string, TeamsPerson[]>();
  private n = 0;

  post(ref: ConversationRef, card: AdaptiveCardJson): Promise<string | null> {
    const id = `posted-${++this.n}`;
    this.posts.push({ conversationId: ref.conversation?.id ?? '', id, card });
    return Promise.resolve(id);
  }
  update(ref: ConversationRef, activityId: string, card: AdaptiveCardJson): Promise<void> {
    this.updates.push({ conversationId: ref.conversation?.id ?? '', activityId, card });
    const post = this.posts.find((p) => p.id === activityId);
    if (post !== undefined) post.card = card;
    return Promise.resolve();
  }
  say(ref: ConversationRef, text: string, people: readonly TeamsPerson[]): Promise<void> {
    this.said.push({ conversationId: ref.conversation?.id ?? '', text, people });
    return Promise.resolve();
  }
  members(ref: ConversationRef): Promise<readonly TeamsPerson[]> {
    return Promise.resolve(this.members_.get(ref.conversation?.id ?? '') ?? []);
  }
  /** The latest version of every card shown in the message `activityId` (posted or updated). */
  latest(activityId: string): AdaptiveCardJson | undefined {
    return (
      this.updates.filter((u) => u.activityId === activityId).at(-1)?.card ??
      this.posts.find((p) => p.id === activityId)?.card
    );
  }
}
