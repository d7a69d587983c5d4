/**
 * The link wizard's server-side state, one per conversation (teams-ai conversation state). Cards carry
 * only its id; a card whose id is not the current one is stale (the conversation moved on).
 */
import type { PlanBasis } from '../core/plan-types.ts';

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
export const currentSession = (state: LinkSession | undefined, cardSessionId: string): SessionCheck => {
  if (state === undefined || state.id !== cardSessionId)
    return {
      ok: false,
      why: 'A newer link was started in this conversation since this card was shown, so this card no longer works.',
    };
  if (state.stage === 'closed') return { ok: false, why: 'This link was cancelled. Nothing was changed.' };
  return { ok: true, session: state };
};
