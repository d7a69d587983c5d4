/**
 * The link wizard: pickers -> review (Refresh / Back / Cancel). Each step reads the conversation's
 * session from the store, never the card, stores the next one and returns the next card.
 */
import { basisChanged } from '../core/plan.ts';
import { DomainError } from '../core/errors.ts';
import type { CloudUser, OnPremUser } from '../core/models.ts';
import { assessPair } from '../app/assess.ts';
import type { AppContext } from '../app/context.ts';
import { pickerSuggestions } from '../app/pickers.ts';
import { currentSession, newSession, type LinkSession } from '../app/repositories/link-sessions.ts';
import { onPremKeyOf } from '../app/user-keys.ts';
import { adChoice, cloudChoice, renderLinkCard } from '../cards/link-card.ts';
import { renderNoticeCard } from '../cards/notice-card.ts';
import { renderReviewCard } from '../cards/review-card.ts';
import type { AdaptiveCardJson } from '../cards/render.ts';
import type { Turn } from './turn.ts';

const findAd = (ctx: AppContext, text: string): Promise<OnPremUser | null> =>
  ctx.onPrem.getUser(onPremKeyOf(text));
const findCloud = (ctx: AppContext, text: string): Promise<CloudUser | null> =>
  ctx.cloud.getUser(text.trim());

const pickers = async (
  ctx: AppContext,
  turn: Turn,
  session: LinkSession,
  ad: OnPremUser | null,
  cloud: CloudUser | null,
  message = '',
): Promise<AdaptiveCardJson> => {
  const suggestions = await pickerSuggestions(ctx, ad, cloud);
  await ctx.sessions.save(turn.conversationId, session);
  return renderLinkCard({
    sessionId: session.id,
    ad: ad === null ? null : adChoice(ad),
    cloud: cloud === null ? null : cloudChoice(cloud),
    adSuggestions: suggestions.ad.map(adChoice),
    cloudSuggestions: suggestions.cloud.map(cloudChoice),
    message,
  });
};

/** `link`, `link <ad>`, `link <ad> <cloud>`: a new session, the pickers or the review. */
export const startLink = async (
  ctx: AppContext,
  turn: Turn,
  input: { readonly ad: string | null; readonly cloud: string | null },
): Promise<AdaptiveCardJson> => {
  const [ad, cloud] = await Promise.all([
    input.ad === null ? null : findAd(ctx, input.ad),
    input.cloud === null ? null : findCloud(ctx, input.cloud),
  ]);
  const missing = [
    input.ad !== null && ad === null ? `No AD user found for "${input.ad}".` : '',
    input.cloud !== null && cloud === null ? `No cloud user found for "${input.cloud}".` : '',
  ].filter((m) => m !== '');
  if (ad !== null && cloud !== null)
    return review(ctx, turn, newSession(ctx.newId(), ad.objectGuid, cloud.id), '');
  return openPickers(ctx, turn, ad, cloud, missing.join(' '));
};

/** A new session showing the pickers, pre-filled with the users already known. */
export const openPickers = (
  ctx: AppContext,
  turn: Turn,
  ad: OnPremUser | null,
  cloud: CloudUser | null,
  message: string,
): Promise<AdaptiveCardJson> =>
  pickers(ctx, turn, newSession(ctx.newId(), ad?.objectGuid ?? null, cloud?.id ?? null), ad, cloud, message);

const stale = (why: string): AdaptiveCardJson => renderNoticeCard('This card is out of date', why, true);

/** The conversation's open session named by the card, or the stale notice. */
const withSession = async (
  ctx: AppContext,
  turn: Turn,
  sessionId: string,
  next: (session: LinkSession) => Promise<AdaptiveCardJson>,
): Promise<AdaptiveCardJson> => {
  const current = currentSession(await ctx.sessions.get(turn.conversationId), sessionId);
  return current.ok ? next(current.session) : stale(current.why);
};

/** Review button on the pickers card: both choices are ids (objectGUID, object id). */
export const reviewChoices = (
  ctx: AppContext,
  turn: Turn,
  data: { readonly sessionId: string; readonly adUser: string; readonly cloudUser: string },
): Promise<AdaptiveCardJson> =>
  withSession(ctx, turn, data.sessionId, async (current) => {
    const session = { ...current, adGuid: data.adUser || null, cloudId: data.cloudUser || null };
    if (session.adGuid === null || session.cloudId === null) {
      const [ad, cloud] = await chosenUsers(ctx, session);
      return pickers(ctx, turn, session, ad, cloud, 'Choose both users, then press Review.');
    }
    return review(ctx, turn, session, '');
  });

/** Refresh: gather again; if anything the plan relied on changed, say what. */
export const refreshReview = (ctx: AppContext, turn: Turn, sessionId: string): Promise<AdaptiveCardJson> =>
  withSession(ctx, turn, sessionId, (session) => review(ctx, turn, session, 'changes'));

/** Back: the pickers again, pre-filled with the session's users. */
export const backToPickers = (ctx: AppContext, turn: Turn, sessionId: string): Promise<AdaptiveCardJson> =>
  withSession(ctx, turn, sessionId, async (current) => {
    const session: LinkSession = { ...current, stage: 'pick', planHash: null, basis: null };
    const [ad, cloud] = await chosenUsers(ctx, session);
    return pickers(ctx, turn, session, ad, cloud);
  });

/** Cancel: close the session; its cards go stale. */
export const cancelLink = (ctx: AppContext, turn: Turn, sessionId: string): Promise<AdaptiveCardJson> =>
  withSession(ctx, turn, sessionId, async (session) => {
    await ctx.sessions.save(turn.conversationId, { ...session, stage: 'closed' });
    return renderNoticeCard('Link cancelled', 'Nothing was changed.', true);
  });

const chosenUsers = (ctx: AppContext, s: LinkSession) =>
  Promise.all([
    s.adGuid === null ? null : ctx.onPrem.getUser({ kind: 'guid', value: s.adGuid }),
    s.cloudId === null ? null : ctx.cloud.getUser(s.cloudId),
  ]);

const review = async (
  ctx: AppContext,
  turn: Turn,
  session: LinkSession,
  compare: '' | 'changes',
): Promise<AdaptiveCardJson> => {
  if (session.adGuid === null || session.cloudId === null)
    throw new DomainError('INPUT.INVALID', 'Choose both users first.');
  const { facts, assessment } = await assessPair(
    ctx,
    { adUser: { kind: 'guid', value: session.adGuid }, cloudUser: session.cloudId },
    turn.correlationId,
  );
  const { plan } = assessment;
  let banner = '';
  if (compare === 'changes' && session.basis !== null && session.planHash !== plan.hash) {
    const fields = basisChanged(session.basis, plan.basis);
    banner = `The facts changed since this card was shown${fields.length > 0 ? `: ${fields.join(', ')}` : ''}. Review the checks and the plan again.`;
  }
  await ctx.sessions.save(turn.conversationId, {
    ...session,
    stage: 'review',
    planHash: plan.hash,
    basis: plan.basis,
  });
  return renderReviewCard({ sessionId: session.id, facts, ...assessment, banner, approvalAvailable: true });
};
