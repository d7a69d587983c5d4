/**
 * What the use cases need from the edge, without any SDK type: a Notifier that posts and updates cards
 * by conversation id (the Teams edge keeps the conversation references), and the renderer of a
 * request's card (the cards layer). Who acts is always a plain person, taken by the edge from the
 * authenticated activity - never from card data.
 */
import type { AlertView } from '../core/alerts/lifecycle.ts';
import type { Job } from '../core/jobs/job-types.ts';
import type { Plan } from '../core/plan-types.ts';
import type { ApprovalRequest, Person } from '../core/policy.ts';

/** A person as the chat names them: the Entra object id (`id`) and the chat's own user id (mentions). */
export interface TeamsPerson extends Person {
  /** The Teams user id (29:...), needed to @mention them; empty when unknown. */
  readonly teamsId: string;
}

/** A rendered card: plain JSON the edge sends as it is. */
export interface CardJson {
  readonly type: 'AdaptiveCard';
  readonly version: string;
  readonly [key: string]: unknown;
}

/** Proactive messages by conversation id, implemented over the adapter by the edge or by a test fake. */
export interface Notifier {
  /** Post a card as a new message; returns the message id (to update it later), null when unknown. */
  post(conversationId: string, card: CardJson): Promise<string | null>;
  /** Replace the card of message `postId` for everyone in the conversation. */
  update(conversationId: string, postId: string, card: CardJson): Promise<void>;
  /** A short text message that @mentions `people`. */
  say(conversationId: string, text: string, people: readonly TeamsPerson[]): Promise<void>;
  /** Members of the conversation (for the approvers' @mention); empty when unknown. */
  members(conversationId: string): Promise<readonly TeamsPerson[]>;
}

/** Who acts, where, and on which message: filled in by the edge from the authenticated activity. */
export interface Origin {
  /** The turn's correlation id (logs, relay audit). */
  readonly correlationId: string;
  readonly actor: TeamsPerson;
  readonly conversationId: string;
  /** The message holding the clicked card; null when unknown (typed commands). */
  readonly postId: string | null;
  /** The tenant the edge's guard accepted (rate limits are kept per tenant). */
  readonly tenantId: string;
}

export type CardRole = 'requester' | 'approver' | 'viewer';

export interface CheckLine {
  readonly icon: string;
  readonly title: string;
}

export interface UndoVerdict {
  readonly possible: boolean;
  /** Why not (the undo plan's summary); empty when possible. */
  readonly why: string;
}

export interface FollowUp {
  readonly kind: 'again' | 'undo';
  readonly requestId: string;
}

/** Everything a request's card shows, for one role. */
export interface RequestView {
  readonly role: CardRole;
  /** The request with its effective state (expired when past its expiry). */
  readonly request: ApprovalRequest;
  readonly plan: Plan;
  readonly job: Job | null;
  readonly checks: readonly CheckLine[];
  /** Live detail from the runner (e.g. "waiting for sync, 12 s"); empty for none. */
  readonly progress: string;
  /** The audit entry of the outcome, once known. */
  readonly auditId: string | null;
  readonly followUp: FollowUp | null;
  /** Whether Undo is possible, judged when the job succeeded; null: not judged (offer it, the click re-checks). */
  readonly undo: UndoVerdict | null;
  /** Teams user ids whose client refreshes the card on view; empty: no refresh block. */
  readonly refreshUserIds: readonly string[];
}

/** The cards the use cases post or update themselves (the rest are rendered by the dialogs). */
export interface CardRenderer {
  request(view: RequestView): CardJson;
  /** A sync-health alert's card, in the state the view says. */
  alert(view: AlertView): CardJson;
  /** A short message card (an outcome told after the click was answered). */
  notice(title: string, text: string): CardJson;
}
