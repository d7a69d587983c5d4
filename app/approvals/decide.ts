/**
 * Approve, reject or withdraw: the request service (core) decides, on the stored request and the
 * authenticated actor; then every card of the request is updated in place, an approval starts the job,
 * and the clicked card gets its new version as the answer.
 */
import { isDomainError } from '../../core/errors.ts';
import type { AppContext } from '../context.ts';
import { runJob } from '../jobs/run-job.ts';
import type { CardJson, Origin } from '../ports.ts';
import { refreshCards, roleOf } from './board.ts';

export type Decision = 'approve' | 'reject' | 'withdraw';

/** Start (or continue) the job of approved request `requestId` in the background of this process. */
export const startJob = (ctx: AppContext, requestId: string): void =>
  ctx.background.once(requestId, ctx.workflow.jobStartDelayMs, () => runJob(ctx, requestId));

/** Refusals throw (the edge shows them); an expiry found by the click is shown on every card first. */
export const decideRequest = async (
  ctx: AppContext,
  origin: Origin,
  decision: Decision,
  input: { readonly requestId: string; readonly comment?: string | undefined },
): Promise<CardJson> => {
  const d = { requestId: input.requestId, actor: origin.actor, comment: input.comment ?? null };
  try {
    if (decision === 'approve') await ctx.requests.approve(d);
    else if (decision === 'reject') await ctx.requests.reject(d);
    else await ctx.requests.withdraw(d);
  } catch (e) {
    if (isDomainError(e) && e.code === 'APPROVAL.EXPIRED') await refreshCards(ctx, input.requestId);
    throw e;
  }
  if (decision !== 'withdraw')
    await ctx.posts.update(input.requestId, (p) => ({ ...p, approver: origin.actor }));
  if (decision === 'approve') startJob(ctx, input.requestId);
  // The clicked card too: the click's answer replaces it for the clicker only, the others in the
  // conversation see it through the update.
  const snap = await refreshCards(ctx, input.requestId);
  return snap.render(roleOf(snap.posts, origin.postId, decision === 'withdraw' ? 'requester' : 'approver'));
};
