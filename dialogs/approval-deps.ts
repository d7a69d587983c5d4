/**
 * What the approval and job dialogs need besides DialogDeps: the request service and job runner (core),
 * the Store and AuditLog, live group membership, and a Messenger that posts and updates cards in any
 * conversation the bot knows (proactive messages). Wired by bot/approval-setup.ts.
 */
import type { ConversationReference } from 'botbuilder';
import type { MembershipPort } from '../core/approvals/membership.ts';
import type { RequestService } from '../core/approvals/request-service.ts';
import type { Job } from '../core/jobs/job-types.ts';
import type { JobRunner } from '../core/jobs/runner.ts';
import type { Person } from '../core/policy.ts';
import type { AuditLog, Store } from '../core/ports.ts';
import type { AdaptiveCardJson } from '../cards/render.ts';

/** A Teams user as the activity names them: the Teams id (for mentions) and the Entra object id. */
export interface TeamsPerson extends Person {
  /** The Teams user id (29:...), needed to @mention them. */
  readonly teamsId: string;
}

export type ConversationRef = Partial<ConversationReference>;

/** Proactive messaging, implemented over the adapter (bot/messenger.ts) or by a recording test fake. */
export interface Messenger {
  /**
   * Post a card as a new message (card only: some clients split text and card into two messages, and
   * the returned id must be the card's, to update it later). Returns its activity id.
   */
  post(ref: ConversationRef, card: AdaptiveCardJson): Promise<string | null>;
  /** Replace the card of message `activityId` for everyone in the conversation. */
  update(ref: ConversationRef, activityId: string, card: AdaptiveCardJson): Promise<void>;
  /** A short text message that @mentions `people`. */
  say(ref: ConversationRef, text: string, people: readonly TeamsPerson[]): Promise<void>;
  /** Members of the conversation (for @mentioning the approvers among them); empty when unknown. */
  members(ref: ConversationRef): Promise<readonly TeamsPerson[]>;
}

export interface UndoVerdict {
  readonly possible: boolean;
  /** Why not (the undo plan's summary); empty when possible. */
  readonly why: string;
}

export interface ApprovalDeps {
  readonly requests: RequestService;
  readonly runner: JobRunner;
  readonly store: Store;
  readonly audit: AuditLog;
  readonly membership: MembershipPort;
  readonly messenger: Messenger;
  /** Where approval cards go; null: the conversation the request was made in. */
  readonly approversConversationId: string | null;
  /** Minimum time between two `sync now` per tenant. */
  readonly syncNowIntervalMs: number;
  /** Whether a succeeded job can be undone today, and why not (judged against fresh facts). */
  readonly undoCheck: (job: Job) => Promise<UndoVerdict>;
  /** Start a job in the background (after the click's answer); the bot wires this to runJob. */
  readonly startJob: (requestId: string) => void;
}
