/**
 * The link wizard: pickers -> review (Refresh / Back / Cancel). Each step reads the server-side session,
 * never the card, and returns the next card plus the session to store.
 */
import { basisChanged } from '../core/plan.ts';
import { assessMatch } from '../core/assess.ts';
import { gatherMatchFacts } from '../core/gather.ts';
import { DomainError } from '../core/errors.ts';
import type { CloudUser, OnPremUser } from '../core/models.ts';
import { adChoice, cloudChoice, renderLinkCard } from '../cards/link-card.ts';
import { renderNoticeCard } from '../cards/notice-card.ts';
import { renderReviewCard } from '../cards/review-card.ts';
import type { AdaptiveCardJson } from '../cards/render.ts';
import type { DialogDeps, TurnInfo } from './deps.ts';
import { currentSession, newSession, type LinkSession } from './link-session.ts';
import { pickerSuggestions } from './pickers.ts';
import { onPremKeyOf } from './user-keys.ts';

export interface Step {
  readonly card: AdaptiveCardJson;
  /** The session to store; undefined leaves the stored one as it is. */
  readonly session?: LinkSession;
}

/** The "Request approval" route exists (bot/approval-routes.ts). */
const APPROVAL_AVAILABLE = true;

const findAd = (deps: DialogDeps, text: string): Promise<OnPremUser | null> =>
  deps.onPrem.getUser(onPremKeyOf(text));
const findCloud = (deps: DialogDeps, text: string): Promise<CloudUser | null> =>
  deps.cloud.getUser(text.trim());

const pickers = async (
  deps: DialogDeps,
  session: LinkSession,
  ad: OnPremUser | null,
  cloud: CloudUser | null,
  message = '',
): Promise<Step> => {
  const suggestions = await pickerSuggestions(deps, ad, cloud);
  return {
    card: renderLinkCard({
      sessionId: session.id,
      ad: ad === null ? null : adChoice(ad),
      cloud: cloud === null ? null : cloudChoice(cloud),
      adSuggestions: suggestions.ad,
      cloudSuggestions: suggestions.cloud,
      message,
    }),
    session,
  };
};

/** `link`, `link <ad>`, `link <ad> <cloud>`, and the Fix button: a new session, pickers or the review. */
export const startLink = async (
  deps: DialogDeps,
  turn: TurnInfo,
  input: { readonly ad: string | null; readonly cloud: string | null },
): Promise<Step> => {
  const [ad, cloud] = await Promise.all([
    input.ad === null ? null : findAd(deps, input.ad),
    input.cloud === null ? null : findCloud(deps, input.cloud),
  ]);
  const missing = [
    input.ad !== null && ad === null ? `No AD user found for "${input.ad}".` : '',
    input.cloud !== null && cloud === null ? `No cloud user found for "${input.cloud}".` : '',
  ].filter((m) => m !== '');
  if (ad !== null && cloud !== null)
    return review(deps, turn, newSession(deps.newId(), ad.objectGuid, cloud.id), '');
  return openPickers(deps, ad, cloud, missing.join(' '));
};

/** A new session showing the pickers, pre-filled with the users already known. */
export const openPickers = (
  deps: DialogDeps,
  ad: OnPremUser | null,
  cloud: CloudUser | null,
  message: string,
): Promise<Step> =>
  pickers(deps, newSession(deps.newId(), ad?.objectGuid ?? null, cloud?.id ?? null), ad, cloud, message);

/** Review button on the pickers card: both choices are ids (objectGUID, object id). */
export const reviewChoices = async (
  deps: DialogDeps,
  turn: TurnInfo,
  stored: LinkSession | undefined,
  data: { readonly sessionId: string; readonly adUser: string; readonly cloudUser: string },
): Promise<Step> => {
  const current = currentSession(stored, data.sessionId);
  if (!current.ok) return stale(current.why);
  const session = { ...current.session, adGuid: data.adUser || null, cloudId: data.cloudUser || null };
  if (session.adGuid === null || session.cloudId === null) {
    const [ad, cloud] = await chosenUsers(deps, session);
    return pickers(deps, session, ad, cloud, 'Choose both users, then press Review.');
  }
  return review(deps, turn, session, '');
};

/** Refresh: gather again; if anything the plan relied on changed, say what. */
export const refreshReview = async (
  deps: DialogDeps,
  turn: TurnInfo,
  stored: LinkSession | undefined,
  sessionId: string,
): Promise<Step> => {
  const current = currentSession(stored, sessionId);
  if (!current.ok) return stale(current.why);
  return review(deps, turn, current.session, 'changes');
};

/** Back: the pickers again, pre-filled with the session's users. */
export const backToPickers = async (
  deps: DialogDeps,
  stored: LinkSession | undefined,
  sessionId: string,
): Promise<Step> => {
  const current = currentSession(stored, sessionId);
  if (!current.ok) return stale(current.why);
  const session: LinkSession = { ...current.session, stage: 'pick', planHash: null, basis: null };
  const [ad, cloud] = await chosenUsers(deps, session);
  return pickers(deps, session, ad, cloud);
};

/** Cancel: close the session; its cards go stale. */
export const cancelLink = (stored: LinkSession | undefined, sessionId: string): Step => {
  const current = currentSession(stored, sessionId);
  if (!current.ok) return stale(current.why);
  return {
    card: renderNoticeCard('Link cancelled', 'Nothing was changed.', true),
    session: { ...current.session, stage: 'closed' },
  };
};

const stale = (why: string): Step => ({ card: renderNoticeCard('This card is out of date', why, true) });

const chosenUsers = (deps: DialogDeps, s: LinkSession) =>
  Promise.all([
    s.adGuid === null ? null : deps.onPrem.getUser({ kind: 'guid', value: s.adGuid }),
    s.cloudId === null ? null : deps.cloud.getUser(s.cloudId),
  ]);

const review = async (
  deps: DialogDeps,
  turn: TurnInfo,
  session: LinkSession,
  compare: '' | 'changes',
): Promise<Step> => {
  if (session.adGuid === null || session.cloudId === null)
    throw new DomainError('INPUT.INVALID', 'Choose both users first.');
  const facts = await gatherMatchFacts(
    { onPrem: deps.onPrem, cloud: deps.cloud, relay: deps.relay, clock: deps.clock },
    deps.settings,
    {
      adUser: { kind: 'guid', value: session.adGuid },
      cloudUser: session.cloudId,
      requestId: turn.correlationId,
    },
  );
  const assessment = assessMatch(facts);
  const { plan } = assessment;
  let banner = '';
  if (compare === 'changes' && session.basis !== null && session.planHash !== plan.hash) {
    const fields = basisChanged(session.basis, plan.basis);
    banner = `The facts changed since this card was shown${fields.length > 0 ? `: ${fields.join(', ')}` : ''}. Review the checks and the plan again.`;
  }
  return {
    card: renderReviewCard({
      sessionId: session.id,
      facts,
      ...assessment,
      banner,
      approvalAvailable: APPROVAL_AVAILABLE,
    }),
    session: { ...session, stage: 'review', planHash: plan.hash, basis: plan.basis },
  };
};
