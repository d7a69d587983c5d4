/**
 * Posting a new request's cards: the requester's (the clicked review card, or a new message) and the
 * approvers' - in the configured approvers' conversation, or the requester's when none is configured -
 * with an @mention of the conversation's members who are approvers (checked in Entra now).
 */
import { samePerson } from '../../core/policy.ts';
import type { AppContext } from '../context.ts';
import type { CheckLine, Origin, TeamsPerson } from '../ports.ts';
import type { CardPost, RequestPosts } from '../repositories/posts.ts';
import { snapshot } from './board.ts';

/** At most this many members are checked for the approvers' @mention (each is a Graph read). */
const MAX_MENTION_CHECKS = 25;

/** At most this many users get the automatic refresh (Teams' limit for `refresh.userIds`). */
export const MAX_REFRESH_USERS = 60;

const approversAmong = async (ctx: AppContext, conversationId: string): Promise<TeamsPerson[]> => {
  try {
    const members = (await ctx.notifier.members(conversationId)).slice(0, MAX_MENTION_CHECKS);
    const flags = await Promise.all(
      members.map(async (m) => (await ctx.membership.membershipOf(m)).isApprover),
    );
    return members.filter((_, i) => flags[i]);
  } catch (e) {
    ctx.log.warn({ err: e }, 'could not list the approvers to mention');
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

/**
 * Store the posts document and post the approvers' card (and the requester's when `requesterPostId` is
 * null: the request was not made from a card that the click's answer replaces).
 */
export const publishRequest = async (
  ctx: AppContext,
  origin: Origin,
  requestId: string,
  checks: readonly CheckLine[],
  requesterPostId: string | null,
): Promise<void> => {
  const approverConversationId = ctx.workflow.approversConversationId ?? origin.conversationId;
  const approvers = (await approversAmong(ctx, approverConversationId)).filter(
    (p) => !samePerson(p, origin.actor),
  );
  const doc: RequestPosts = {
    requestId,
    posts:
      requesterPostId === null
        ? []
        : [{ role: 'requester', conversationId: origin.conversationId, postId: requesterPostId }],
    requesterConversationId: origin.conversationId,
    approverConversationId,
    requester: origin.actor,
    approver: null,
    viewers: refreshViewers(origin.actor, approvers),
    checks,
    followUp: null,
    told: false,
  };
  await ctx.posts.create(doc);
  const snap = await snapshot(ctx, requestId);
  const added: CardPost[] = [];
  if (requesterPostId === null) {
    const id = await ctx.notifier.post(origin.conversationId, snap.render('requester'));
    if (id !== null) added.push({ role: 'requester', conversationId: origin.conversationId, postId: id });
  }
  const text =
    approvers.length > 0
      ? `Approval needed from an approver (${approvers.map((p) => p.name).join(', ')}): ${origin.actor.name} asks for a match.`
      : `Approval needed from a member of the approvers group: ${origin.actor.name} asks for a match.`;
  await ctx.notifier.say(approverConversationId, text, approvers);
  const id = await ctx.notifier.post(approverConversationId, snap.render('approver'));
  if (id !== null) added.push({ role: 'approver', conversationId: approverConversationId, postId: id });
  await ctx.posts.update(requestId, (p) => ({ ...p, posts: [...p.posts, ...added] }));
};
