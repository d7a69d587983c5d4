/**
 * Follow-up requests made from a request's card: "Request again" (after expiry, rejection, withdrawal or
 * a stale plan: a new request for today's plan) and "Undo" (after a job succeeded: a new request, gated
 * like any change, for the reversing plan). The old cards note the follow-up.
 */
import { invalidInput } from '../../core/errors.ts';
import { gatherMatchFacts } from '../../core/gather.ts';
import { undoProposal, undoSubject } from '../../core/playbooks/index.ts';
import { assessBasis, checkLines } from '../assess.ts';
import type { AppContext } from '../context.ts';
import type { CardJson, FollowUp, Origin } from '../ports.ts';
import type { PostRole } from '../repositories/posts.ts';
import { refreshCards, roleOf } from './board.ts';
import { publishRequest } from './publish.ts';

const noteFollowUp = async (
  ctx: AppContext,
  origin: Origin,
  requestId: string,
  followUp: FollowUp,
  fallback: PostRole,
): Promise<CardJson> => {
  await ctx.posts.update(requestId, (p) => ({ ...p, followUp }));
  const snap = await refreshCards(ctx, requestId);
  return snap.render(roleOf(snap.posts, origin.postId, fallback));
};

export const requestAgain = async (ctx: AppContext, origin: Origin, requestId: string): Promise<CardJson> => {
  const previous = await ctx.requests.get(requestId);
  const { assessment } = await assessBasis(ctx, previous.plan.basis, origin.correlationId);
  const created = await ctx.requests.requestAgain(requestId, {
    requester: origin.actor,
    ticket: previous.request.ticket,
    plan: assessment.plan,
  });
  await publishRequest(ctx, origin, created.request.id, checkLines(assessment.checks), null);
  return noteFollowUp(ctx, origin, requestId, { kind: 'again', requestId: created.request.id }, 'requester');
};

export const requestUndo = async (ctx: AppContext, origin: Origin, requestId: string): Promise<CardJson> => {
  const job = (await ctx.jobs.get(requestId))?.value;
  if (job === undefined || job.state !== 'succeeded')
    throw invalidInput('Only a job that finished successfully can be undone.');
  const previous = await ctx.requests.get(requestId);
  const facts = await gatherMatchFacts(ctx, ctx.settings, {
    ...undoSubject(job),
    requestId: origin.correlationId,
  });
  const proposal = undoProposal(job, facts);
  // The core says why (already synced, irreversible steps): show it rather than a generic refusal.
  if (!proposal.possible) throw invalidInput(`This cannot be undone now. ${proposal.why}`);
  const created = await ctx.requests.create({
    requester: origin.actor,
    reason: `Undo of request ${requestId}`,
    ticket: previous.request.ticket,
    plan: proposal.plan,
  });
  // The match checks judge a link, not its undo: an unlink shows its own (the AD account stays parked).
  await publishRequest(ctx, origin, created.request.id, checkLines(proposal.checks), null);
  return noteFollowUp(ctx, origin, requestId, { kind: 'undo', requestId: created.request.id }, 'approver');
};
