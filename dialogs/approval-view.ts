/**
 * Rendering a request's cards from server-side state (request, job, posts) and pushing them to every
 * conversation that shows one (updateActivity), so all participants see the same state in place.
 */
import type { Logger } from '../config/logger.ts';
import type { ApprovalRequest } from '../core/policy.ts';
import { isTerminalJob, jobKey, type Job } from '../core/jobs/job-types.ts';
import { renderApprovalCard, type CardRole } from '../cards/approval-card.ts';
import type { AdaptiveCardJson } from '../cards/render.ts';
import type { ApprovalDeps, TeamsPerson } from './approval-deps.ts';
import { loadPosts, type PostRole, type RequestPosts } from './request-posts.ts';

const OUTCOME_ACTIONS = new Set(['job.succeeded', 'job.stale', 'job.compensated', 'job.needs-attention']);

/** The audit entry that recorded a finished job's outcome (shown on the final card). */
const outcomeAuditId = async (a: ApprovalDeps, job: Job | null): Promise<string | null> => {
  if (job === null || !isTerminalJob(job.state)) return null;
  const recent = await a.audit.recent(500);
  return recent.find((e) => e.requestId === job.requestId && OUTCOME_ACTIONS.has(e.action))?.id ?? null;
};

export interface RequestSnapshot {
  readonly render: (role: CardRole) => AdaptiveCardJson;
  readonly posts: RequestPosts | null;
  readonly job: Job | null;
  readonly request: ApprovalRequest;
}

/** Read everything a request's cards show, once, and render per role. */
export const snapshot = async (
  a: ApprovalDeps,
  requestId: string,
  progress = '',
): Promise<RequestSnapshot> => {
  const [stored, jobDoc, posts] = await Promise.all([
    a.requests.get(requestId),
    a.store.get<Job>(jobKey(requestId)),
    loadPosts(a.store, requestId),
  ]);
  const job = jobDoc?.value ?? null;
  // Reads only (the request service's get does not store an expiry): a card refresh relies on it.
  const auditId = await outcomeAuditId(a, job);
  return {
    posts,
    job,
    request: stored.request,
    render: (role) =>
      renderApprovalCard({
        role,
        request: stored.request,
        plan: stored.plan,
        job,
        checks: posts?.checks ?? [],
        progress,
        auditId,
        followUp: posts?.followUp ?? null,
        undo: posts?.undo ?? null,
        refreshUserIds: posts?.viewers ?? [],
      }),
  };
};

/**
 * The card of request `requestId` as `person` should see it (the Universal Actions refresh): the
 * requester gets the requester's card, a member of the approvers group the approver's, anyone else a
 * read-only one. Membership is read live, like on a click. Reads only: nothing is decided or written.
 */
export const cardFor = async (
  a: ApprovalDeps,
  requestId: string,
  person: TeamsPerson,
): Promise<AdaptiveCardJson> => {
  const snap = await snapshot(a, requestId);
  if (snap.request.requester.id === person.id) return snap.render('requester');
  const { isApprover } = await a.membership.membershipOf(person);
  return snap.render(isApprover ? 'approver' : 'viewer');
};

/** The role of the card that was clicked (by its activity id), else `fallback`. */
export const roleOf = (posts: RequestPosts | null, activityId: string | null, fallback: PostRole): PostRole =>
  posts?.posts.find((p) => p.activityId === activityId)?.role ?? fallback;

/**
 * Update every posted card of the request. `skipActivityId`: the clicked card, which the invoke
 * response replaces. A failed update is logged, not thrown: the state is already stored.
 */
export const refreshCards = async (
  a: ApprovalDeps,
  log: Logger,
  requestId: string,
  options: { readonly skipActivityId?: string | null; readonly progress?: string } = {},
): Promise<RequestSnapshot> => {
  const snap = await snapshot(a, requestId, options.progress ?? '');
  for (const post of snap.posts?.posts ?? []) {
    if (post.activityId === options.skipActivityId) continue;
    try {
      await a.messenger.update(post.ref, post.activityId, snap.render(post.role));
    } catch (e) {
      log.warn({ err: e, requestId, activityId: post.activityId }, 'could not update a request card');
    }
  }
  return snap;
};
