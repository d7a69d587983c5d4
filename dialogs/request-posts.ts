/**
 * Where a request's cards were posted (`posts/<request id>` in the Store): the requester's card and the
 * approvers' card, each with its conversation reference and activity id, so every state change can
 * update all of them in place (updateActivity) - Teams' card refresh is not available everywhere. Also
 * the display-only facts the approvers' card shows (checks, names), captured when the request was made.
 */
import { DomainError } from '../core/errors.ts';
import type { Store } from '../core/ports.ts';
import type { ConversationRef, TeamsPerson, UndoVerdict } from './approval-deps.ts';

export type PostRole = 'requester' | 'approver';

export interface CardPost {
  readonly role: PostRole;
  readonly ref: ConversationRef;
  readonly activityId: string;
}

export interface CheckLine {
  readonly icon: string;
  readonly title: string;
}

export interface RequestPosts {
  readonly requestId: string;
  readonly posts: readonly CardPost[];
  /** The requester's conversation (outcome messages go there). */
  readonly requesterRef: ConversationRef;
  /** The approvers' conversation. */
  readonly approverRef: ConversationRef;
  readonly requester: TeamsPerson;
  readonly approver: TeamsPerson | null;
  /**
   * Teams user ids (29:...) of the requester and the approvers known when the request was posted: the
   * card's `refresh.userIds`. Absent in documents written before the card had a refresh.
   */
  readonly viewers?: readonly string[];
  readonly checks: readonly CheckLine[];
  /** A later request that replaced this one (Request again / Undo), for the card's note. */
  readonly followUp: { readonly kind: 'again' | 'undo'; readonly requestId: string } | null;
  /** Judged when the job succeeded: whether the final card offers Undo. */
  readonly undo?: UndoVerdict;
  /** Whether the outcome messages were sent (once, whichever instance finishes the job). */
  readonly told: boolean;
}

export const postsKey = (requestId: string): string => `posts/${requestId}`;

export const loadPosts = async (store: Store, requestId: string): Promise<RequestPosts | null> =>
  (await store.get<RequestPosts>(postsKey(requestId)))?.value ?? null;

/**
 * Change the document with compare-and-swap, re-reading on a conflict (two instances may add a post or
 * mark `told` at once). Returns the new value, or null when `change` returns null (nothing to write).
 */
export const updatePosts = async (
  store: Store,
  requestId: string,
  change: (current: RequestPosts) => RequestPosts | null,
): Promise<RequestPosts | null> => {
  for (let attempt = 0; ; attempt++) {
    const doc = await store.get<RequestPosts>(postsKey(requestId));
    if (doc === null) return null;
    const next = change(doc.value);
    if (next === null) return null;
    try {
      await store.put(postsKey(requestId), next, doc.etag);
      return next;
    } catch (e) {
      if (e instanceof DomainError && e.code === 'STORE.CONFLICT' && attempt < 5) continue;
      throw e;
    }
  }
};
