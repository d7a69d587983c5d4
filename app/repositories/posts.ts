/**
 * Where a request's cards were posted (`posts/<request id>`): the requester's and the approvers' card
 * with their conversation and message ids, so every state change updates all of them in place - Teams'
 * card refresh is not available everywhere. Also the display-only facts the cards show (checks), who
 * approved, and whether the outcome was told. The conversation references stay with the edge.
 */
import type { Store } from '../../core/ports.ts';
import { createDocument, updateDocument } from '../../core/repositories/documents.ts';
import { isRequestId } from '../../core/repositories/requests.ts';
import type { CheckLine, FollowUp, TeamsPerson, UndoVerdict } from '../ports.ts';

export type PostRole = 'requester' | 'approver';

export interface CardPost {
  readonly role: PostRole;
  readonly conversationId: string;
  readonly postId: string;
}

export interface RequestPosts {
  readonly requestId: string;
  readonly posts: readonly CardPost[];
  /** The requester's conversation (outcome messages go there). */
  readonly requesterConversationId: string;
  /** The approvers' conversation. */
  readonly approverConversationId: string;
  readonly requester: TeamsPerson;
  readonly approver: TeamsPerson | null;
  /** Teams user ids (29:...) of the requester and the approvers known when posted: the card's refresh list. */
  readonly viewers: readonly string[];
  readonly checks: readonly CheckLine[];
  /** A later request that replaced this one (Request again / Undo), for the card's note. */
  readonly followUp: FollowUp | null;
  /** Judged when the job succeeded: whether the final card offers Undo. */
  readonly undo?: UndoVerdict;
  /** Whether the outcome messages were sent (once, whichever instance finishes the job). */
  readonly told: boolean;
}

export interface PostsRepository {
  get(requestId: string): Promise<RequestPosts | null>;
  /** Create-only: false when the request already has its document. */
  create(posts: RequestPosts): Promise<boolean>;
  /**
   * Change the document with compare-and-swap (two instances may add a post or mark `told` at once).
   * Returns the new value, or null when there is none or `change` returns null (nothing to write).
   */
  update(
    requestId: string,
    change: (current: RequestPosts) => RequestPosts | null,
  ): Promise<RequestPosts | null>;
}

const key = (requestId: string): string => `posts/${requestId}`;

export const postsRepository = (store: Store): PostsRepository => ({
  get: async (requestId) =>
    isRequestId(requestId) ? ((await store.get<RequestPosts>(key(requestId)))?.value ?? null) : null,
  create: (posts) => createDocument(store, key(posts.requestId), posts),
  update: async (requestId, change) => {
    if (!isRequestId(requestId)) return null;
    const written = await updateDocument<RequestPosts>(store, key(requestId), (current) =>
      current === null ? null : change(current),
    );
    return written?.after ?? null;
  },
});
