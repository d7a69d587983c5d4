/**
 * The approval dialogs: request approval from the review card, approve / reject, withdraw, request
 * again, undo. Every decision is the request service's (core): the acting person comes from the
 * activity, the request from the store by its id - nothing else on the card is trusted. After each change
 * all cards of the request are updated in place; the clicked card gets its new version as the answer.
 */
import { assessMatch } from '../core/assess.ts';
import { invalidInput, isDomainError } from '../core/errors.ts';
import { gatherMatchFacts } from '../core/gather.ts';
import { jobKey, type Job } from '../core/jobs/job-types.ts';
import { undoProposal, undoSubject } from '../core/playbooks/index.ts';
import type { CheckResult } from '../core/checks/types.ts';
import type { PlanBasis } from '../core/plan-types.ts';
import { renderNoticeCard } from '../cards/notice-card.ts';
import type { AdaptiveCardJson } from '../cards/render.ts';
import type { ApprovalDeps, ConversationRef, TeamsPerson } from './approval-deps.ts';
import { refreshCards, roleOf, snapshot } from './approval-view.ts';
import type { DialogDeps, TurnInfo } from './deps.ts';
import { refreshReview, type Step } from './link.ts';
import { currentSession, type LinkSession } from './link-session.ts';
import { publishRequest } from './approval-publish.ts';
import { updatePosts, type PostRole } from './request-posts.ts';

/** Who clicked, where, and on which message. */
export interface Origin extends TurnInfo {
  readonly actor: TeamsPerson;
  readonly ref: ConversationRef;
  /** The message holding the clicked card (Action.Execute's replyToId); null when unknown. */
  readonly activityId: string | null;
}

const ICON = { block: '✖', warn: '⚠', pass: '✔' } as const;
const checkLines = (checks: readonly CheckResult[]) =>
  [...checks]
    .sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'pass' ? 1 : -1))
    .map((c) => ({ icon: ICON[c.severity], title: c.title }));

/** Gather and assess again for the users a plan was built on. */
const assessBasis = async (deps: DialogDeps, turn: TurnInfo, basis: PlanBasis) => {
  const facts = await gatherMatchFacts(
    { onPrem: deps.onPrem, cloud: deps.cloud, relay: deps.relay, clock: deps.clock },
    deps.settings,
    {
      adUser: basis.adObjectGuid === null ? null : { kind: 'guid', value: basis.adObjectGuid },
      cloudUser: basis.cloudUserId,
      requestId: turn.correlationId,
    },
  );
  return { facts, assessment: assessMatch(facts) };
};

/**
 * "Request approval" on the review card: the plan is rebuilt on the server and must be the one the card
 * showed (same hash); otherwise the review is shown again with what changed.
 */
export const requestApproval = async (
  deps: DialogDeps,
  a: ApprovalDeps,
  origin: Origin,
  stored: LinkSession | undefined,
  data: { readonly sessionId: string; readonly reason: string; readonly ticket: string },
): Promise<Step> => {
  const current = currentSession(stored, data.sessionId);
  if (!current.ok || current.session.stage !== 'review' || current.session.basis === null)
    return {
      card: renderNoticeCard(
        'This card is out of date',
        current.ok ? 'Press Review first.' : current.why,
        true,
      ),
    };
  const { session } = current;
  const { assessment } = await assessBasis(deps, origin, session.basis!);
  if (assessment.plan.hash !== session.planHash) return refreshReview(deps, origin, stored, data.sessionId);
  const created = await a.requests.create({
    requester: origin.actor,
    reason: data.reason,
    ticket: data.ticket,
    plan: assessment.plan,
  });
  await publishRequest(
    a,
    deps.log,
    origin,
    created.request.id,
    checkLines(assessment.checks),
    origin.activityId,
  );
  const snap = await snapshot(a, created.request.id);
  return { card: snap.render('requester'), session: { ...session, stage: 'closed' } };
};

type Decision = 'approve' | 'reject' | 'withdraw';

/** Approve, reject or withdraw request `requestId` as `origin.actor`. Refusals throw (shown by the error handler). */
export const decideRequest = async (
  deps: DialogDeps,
  a: ApprovalDeps,
  origin: Origin,
  decision: Decision,
  data: { readonly requestId: string; readonly comment?: string | undefined },
): Promise<AdaptiveCardJson> => {
  const input = { requestId: data.requestId, actor: origin.actor, comment: data.comment ?? null };
  try {
    if (decision === 'approve') await a.requests.approve(input);
    else if (decision === 'reject') await a.requests.reject(input);
    else await a.requests.withdraw(input);
  } catch (e) {
    // The click found the request expired (and stored it so): show that on every card, then refuse.
    if (isDomainError(e) && e.code === 'APPROVAL.EXPIRED') await refreshCards(a, deps.log, data.requestId);
    throw e;
  }
  if (decision !== 'withdraw')
    await updatePosts(a.store, data.requestId, (p) => ({ ...p, approver: origin.actor }));
  if (decision === 'approve') a.startJob(data.requestId);
  const snap = await refreshCards(a, deps.log, data.requestId, {});
  return snap.render(
    roleOf(snap.posts, origin.activityId, decision === 'withdraw' ? 'requester' : 'approver'),
  );
};

/** After a follow-up request was made from card `requestId`: note it on the old cards, answer the click. */
const noteFollowUp = async (
  deps: DialogDeps,
  a: ApprovalDeps,
  origin: Origin,
  requestId: string,
  followUp: { readonly kind: 'again' | 'undo'; readonly requestId: string },
  fallback: PostRole,
): Promise<AdaptiveCardJson> => {
  await updatePosts(a.store, requestId, (p) => ({ ...p, followUp }));
  const snap = await refreshCards(a, deps.log, requestId, {});
  return snap.render(roleOf(snap.posts, origin.activityId, fallback));
};

/** "Request again" on an expired, rejected, withdrawn or stale request: a new request for today's plan. */
export const requestAgain = async (
  deps: DialogDeps,
  a: ApprovalDeps,
  origin: Origin,
  requestId: string,
): Promise<AdaptiveCardJson> => {
  const previous = await a.requests.get(requestId);
  const { assessment } = await assessBasis(deps, origin, previous.plan.basis);
  const created = await a.requests.requestAgain(requestId, {
    requester: origin.actor,
    ticket: previous.request.ticket,
    plan: assessment.plan,
  });
  await publishRequest(a, deps.log, origin, created.request.id, checkLines(assessment.checks), null);
  return noteFollowUp(
    deps,
    a,
    origin,
    requestId,
    { kind: 'again', requestId: created.request.id },
    'requester',
  );
};

/** "Undo" on a finished job: a new request (approval-gated like any change) for the reversing plan. */
export const requestUndo = async (
  deps: DialogDeps,
  a: ApprovalDeps,
  origin: Origin,
  requestId: string,
): Promise<AdaptiveCardJson> => {
  const job = (await a.store.get<Job>(jobKey(requestId)))?.value;
  if (job === undefined || job.state !== 'succeeded')
    throw invalidInput('Only a job that finished successfully can be undone.');
  const previous = await a.requests.get(requestId);
  const facts = await gatherMatchFacts(
    { onPrem: deps.onPrem, cloud: deps.cloud, relay: deps.relay, clock: deps.clock },
    deps.settings,
    { ...undoSubject(job), requestId: origin.correlationId },
  );
  const proposal = undoProposal(job, facts);
  // The core says why (already synced, irreversible steps): show it rather than a generic refusal.
  if (!proposal.possible) throw invalidInput(`This cannot be undone now. ${proposal.why}`);
  const created = await a.requests.create({
    requester: origin.actor,
    reason: `Undo of request ${requestId}`,
    ticket: previous.request.ticket,
    plan: proposal.plan,
  });
  // The match checks judge a link, not its undo: an unlink shows its own (the AD account stays parked).
  await publishRequest(a, deps.log, origin, created.request.id, checkLines(proposal.checks), null);
  return noteFollowUp(
    deps,
    a,
    origin,
    requestId,
    { kind: 'undo', requestId: created.request.id },
    'approver',
  );
};
