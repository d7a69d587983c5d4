/**
 * Posting a new request's cards: the requester's (the clicked review card, or a new message) and the
 * approvers' - in the configured approvers' conversation, or the requester's when none is configured -
 * with an @mention of the conversation's members who are approvers (checked in Entra now).
 */
import type { Logger } from '../config/logger.ts';
import type { ApprovalDeps, ConversationRef, TeamsPerson } from './approval-deps.ts';
import { MAX_REFRESH_USERS } from '../cards/approval-card.ts';
import { snapshot } from './approval-view.ts';
import { postsKey, updatePosts, type CheckLine, type RequestPosts } from './request-posts.ts';
import type { Origin } from './approval.ts';

/** At most this many members are checked for the approvers' @mention (each is a Graph read). */
const MAX_MENTION_CHECKS = 25;

/** The approvers' conversation: the configured channel (a new post there), or the requester's. */
export const approversRef = (a: ApprovalDeps, origin: ConversationRef): ConversationRef => {
  if (a.approversConversationId === null || a.approversConversationId === origin.conversation?.id)
    return origin;
  // A new post in the channel, not a reply to the requester's message.
  const rest: ConversationRef = { ...origin };
  delete rest.activityId;
  return {
    ...rest,
    conversation: {
      id: a.approversConversationId,
      isGroup: true,
      conversationType: 'channel',
      tenantId: origin.conversation?.tenantId ?? '',
      name: '',
    },
  };
};

const approversAmong = async (a: ApprovalDeps, log: Logger, ref: ConversationRef): Promise<TeamsPerson[]> => {
  try {
    const members = (await a.messenger.members(ref)).slice(0, MAX_MENTION_CHECKS);
    const flags = await Promise.all(
      members.map(async (m) => (await a.membership.membershipOf(m)).isApprover),
    );
    return members.filter((_, i) => flags[i]);
  } catch (e) {
    log.warn({ err: e }, 'could not list the approvers to mention');
    return [];
  }
};

/**
 * Who gets the card's automatic refresh: Teams wants their Teams user ids (29:..., which every activity
 * and the member list carry) rather than Entra object ids. Approvers added later, or outside the checked
 * members, still see the conversation's card, which is correct without refresh.
 */
const refreshViewers = (requester: TeamsPerson, approvers: readonly TeamsPerson[]): string[] =>
  [...new Set([requester, ...approvers].map((p) => p.teamsId).filter((id) => id !== ''))].slice(
    0,
    MAX_REFRESH_USERS,
  );

/** Store the posts document and post the approvers' card (and the requester's when not the clicked one). */
export const publishRequest = async (
  a: ApprovalDeps,
  log: Logger,
  origin: Origin,
  requestId: string,
  checks: readonly CheckLine[],
  requesterActivityId: string | null,
): Promise<void> => {
  const approverRef = approversRef(a, origin.ref);
  const approvers = (await approversAmong(a, log, approverRef)).filter((p) => p.id !== origin.actor.id);
  const doc: RequestPosts = {
    requestId,
    posts:
      requesterActivityId === null
        ? []
        : [{ role: 'requester', ref: origin.ref, activityId: requesterActivityId }],
    requesterRef: origin.ref,
    approverRef,
    requester: origin.actor,
    approver: null,
    viewers: refreshViewers(origin.actor, approvers),
    checks,
    followUp: null,
    told: false,
  };
  await a.store.put(postsKey(requestId), doc, null);
  const snap = await snapshot(a, requestId);
  const added: { role: 'requester' | 'approver'; ref: ConversationRef; activityId: string }[] = [];
  if (requesterActivityId === null) {
    const id = await a.messenger.post(origin.ref, snap.render('requester'));
    if (id !== null) added.push({ role: 'requester', ref: origin.ref, activityId: id });
  }
  const text =
    approvers.length > 0
      ? `Approval needed from an approver (${approvers.map((p) => p.name).join(', ')}): ${origin.actor.name} asks for a match.`
      : `Approval needed from a member of the approvers group: ${origin.actor.name} asks for a match.`;
  await a.messenger.say(approverRef, text, approvers);
  const id = await a.messenger.post(approverRef, snap.render('approver'));
  if (id !== null) added.push({ role: 'approver', ref: approverRef, activityId: id });
  await updatePosts(a.store, requestId, (p) => ({ ...p, posts: [...p.posts, ...added] }));
};
