/**
 * The link wizard's server-side state, one per conversation, in the product's store (not in the chat
 * framework's turn state): cards carry only its id, and a card whose id is not the current one is stale.
 * Keyed by a hash of the conversation id, whose characters (`;`, `,` in channel thread ids) are not all
 * valid in store keys.
 */
import { createHash } from 'node:crypto';
import type { PlanBasis } from '../../core/plan-types.ts';
import type { Store } from '../../core/ports.ts';
import { updateDocument } from '../../core/repositories/documents.ts';

export interface LinkSession {
  readonly id: string;
  readonly stage: 'pick' | 'review' | 'closed';
  /** objectGUID of the chosen AD user. */
  readonly adGuid: string | null;
  /** Object id of the chosen cloud user. */
  readonly cloudId: string | null;
  /** The plan hash and basis the shown review card was built on (to say what changed on Refresh). */
  readonly planHash: string | null;
  readonly basis: PlanBasis | null;
}

export const newSession = (
  id: string,
  adGuid: string | null = null,
  cloudId: string | null = null,
): LinkSession => ({ id, stage: 'pick', adGuid, cloudId, planHash: null, basis: null });

export type SessionCheck =
  { readonly ok: true; readonly session: LinkSession } | { readonly ok: false; readonly why: string };

/** Whether a card's session id is the conversation's current, open session. */
export const currentSession = (state: LinkSession | null, cardSessionId: string): SessionCheck => {
  if (state === null || state.id !== cardSessionId)
    return {
      ok: false,
      why: 'A newer link was started in this conversation since this card was shown, so this card no longer works.',
    };
  if (state.stage === 'closed') return { ok: false, why: 'This link was cancelled. Nothing was changed.' };
  return { ok: true, session: state };
};

export interface LinkSessionRepository {
  get(conversationId: string): Promise<LinkSession | null>;
  /** The conversation's session from now on (a newer one replaces the old: its cards go stale). */
  save(conversationId: string, session: LinkSession): Promise<void>;
}

const key = (conversationId: string): string =>
  `link-sessions/${createHash('sha256').update(conversationId, 'utf8').digest('hex')}`;

export const linkSessionRepository = (store: Store): LinkSessionRepository => ({
  get: async (conversationId) => (await store.get<LinkSession>(key(conversationId)))?.value ?? null,
  save: async (conversationId, session) => {
    // Last writer wins on purpose: the newest card the person acted on is the conversation's session.
    await updateDocument<LinkSession>(store, key(conversationId), () => session);
  },
});
