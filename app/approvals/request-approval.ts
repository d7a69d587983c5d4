/**
 * "Request approval" on the review card: the plan is rebuilt on the server and must be the one the card
 * showed (same hash); the request is stored, its cards posted, the conversation's link session closed.
 */
import type { AppContext } from '../context.ts';
import { assessBasis, checkLines } from '../assess.ts';
import type { CardJson, Origin } from '../ports.ts';
import { currentSession } from '../repositories/link-sessions.ts';
import { snapshot } from './board.ts';
import { publishRequest } from './publish.ts';

export type RequestApprovalResult =
  /** The card's session is not the conversation's open review (why: for the person). */
  | { readonly kind: 'stale'; readonly why: string }
  /** The facts changed since the review was shown: show the review again. */
  | { readonly kind: 'plan-changed' }
  | { readonly kind: 'created'; readonly requestId: string; readonly card: CardJson };

export const requestApproval = async (
  ctx: AppContext,
  origin: Origin,
  input: { readonly sessionId: string; readonly reason: string; readonly ticket: string },
): Promise<RequestApprovalResult> => {
  const current = currentSession(await ctx.sessions.get(origin.conversationId), input.sessionId);
  if (!current.ok) return { kind: 'stale', why: current.why };
  const { session } = current;
  if (session.stage !== 'review' || session.basis === null)
    return { kind: 'stale', why: 'Press Review first.' };
  const { assessment } = await assessBasis(ctx, session.basis, origin.correlationId);
  if (assessment.plan.hash !== session.planHash) return { kind: 'plan-changed' };
  const created = await ctx.requests.create({
    requester: origin.actor,
    reason: input.reason,
    ticket: input.ticket,
    plan: assessment.plan,
  });
  const id = created.request.id;
  await publishRequest(ctx, origin, id, checkLines(assessment.checks), origin.postId);
  await ctx.sessions.save(origin.conversationId, { ...session, stage: 'closed' });
  return { kind: 'created', requestId: id, card: (await snapshot(ctx, id)).render('requester') };
};
