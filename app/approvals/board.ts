/**
 * A request's cards, rendered from server-side state (request, job, posts) and pushed to every
 * conversation that shows one, so all participants see the same state in place.
 */
import { samePerson, type ApprovalRequest } from '../../core/policy.ts';
import type { Job } from '../../core/jobs/job-types.ts';
import type { AppContext } from '../context.ts';
import type { CardJson, CardRole, TeamsPerson } from '../ports.ts';
import type { PostRole, RequestPosts } from '../repositories/posts.ts';

export interface RequestSnapshot {
  readonly render: (role: CardRole) => CardJson;
  readonly posts: RequestPosts | null;
  readonly job: Job | null;
  readonly request: ApprovalRequest;
}

/** Read everything a request's cards show, once, and render per role. Reads only. */
export const snapshot = async (
  ctx: AppContext,
  requestId: string,
  progress = '',
): Promise<RequestSnapshot> => {
  const [stored, jobDoc, posts] = await Promise.all([
    ctx.requests.get(requestId),
    ctx.jobs.get(requestId),
    ctx.posts.get(requestId),
  ]);
  const job = jobDoc?.value ?? null;
  return {
    posts,
    job,
    request: stored.request,
    render: (role) =>
      ctx.render.request({
        role,
        request: stored.request,
        plan: stored.plan,
        job,
        checks: posts?.checks ?? [],
        progress,
        auditId: job?.outcomeAuditId ?? null,
        followUp: posts?.followUp ?? null,
        undo: posts?.undo ?? null,
        refreshUserIds: posts?.viewers ?? [],
      }),
  };
};

/**
 * The card of request `requestId` as `person` should see it (the Universal Actions refresh): the
 * requester's card, a member of the approvers group the approver's, anyone else a read-only one.
 * Membership is read live, like on a click. Reads only: nothing is decided or written.
 */
export const cardFor = async (ctx: AppContext, requestId: string, person: TeamsPerson): Promise<CardJson> => {
  const snap = await snapshot(ctx, requestId);
  if (samePerson(snap.request.requester, person)) return snap.render('requester');
  const { isApprover } = await ctx.membership.membershipOf(person);
  return snap.render(isApprover ? 'approver' : 'viewer');
};

/** The role of the card that was clicked (by its message id), else `fallback`. */
export const roleOf = (posts: RequestPosts | null, postId: string | null, fallback: PostRole): PostRole =>
  posts?.posts.find((p) => p.postId === postId)?.role ?? fallback;

/**
 * Update every posted card of the request. `skipPostId`: the clicked card, which the click's answer
 * replaces. A failed update is logged, not thrown: the state is already stored.
 */
export const refreshCards = async (
  ctx: AppContext,
  requestId: string,
  options: { readonly skipPostId?: string | null; readonly progress?: string } = {},
): Promise<RequestSnapshot> => {
  const snap = await snapshot(ctx, requestId, options.progress ?? '');
  for (const post of snap.posts?.posts ?? []) {
    if (post.postId === options.skipPostId) continue;
    try {
      await ctx.notifier.update(post.conversationId, post.postId, snap.render(post.role));
    } catch (e) {
      ctx.log.warn({ err: e, requestId, postId: post.postId }, 'could not update a request card');
    }
  }
  return snap;
};
