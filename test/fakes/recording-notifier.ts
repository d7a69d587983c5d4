/** A hand-written Notifier that records what the bot posted, updated and said, per conversation id. */
import type { CardJson, Notifier, TeamsPerson } from '../../app/ports.ts';

export interface Posted {
  readonly conversationId: string;
  readonly id: string;
  card: CardJson;
}

export class RecordingNotifier implements Notifier {
  posts: Posted[] = [];
  updates: { conversationId: string; activityId: string; card: CardJson }[] = [];
  said: { conversationId: string; text: string; people: readonly TeamsPerson[] }[] = [];
  /** Members per conversation id (for the approvers' @mention). */
  members_ = new Map<string, TeamsPerson[]>();
  private n = 0;

  post(conversationId: string, card: CardJson): Promise<string | null> {
    const id = `posted-${++this.n}`;
    this.posts.push({ conversationId, id, card });
    return Promise.resolve(id);
  }
  update(conversationId: string, activityId: string, card: CardJson): Promise<void> {
    this.updates.push({ conversationId, activityId, card });
    const post = this.posts.find((p) => p.id === activityId);
    if (post !== undefined) post.card = card;
    return Promise.resolve();
  }
  say(conversationId: string, text: string, people: readonly TeamsPerson[]): Promise<void> {
    this.said.push({ conversationId, text, people });
    return Promise.resolve();
  }
  members(conversationId: string): Promise<readonly TeamsPerson[]> {
    return Promise.resolve(this.members_.get(conversationId) ?? []);
  }
  /** The latest version of every card shown in the message `activityId` (posted or updated). */
  latest(activityId: string): CardJson | undefined {
    return (
      this.updates.filter((u) => u.activityId === activityId).at(-1)?.card ??
      this.posts.find((p) => p.id === activityId)?.card
    );
  }
}
