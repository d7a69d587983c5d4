/**
 * The approval policy as pure rules over values: who may request, approve, reject or withdraw, when a
 * request expires, and the lifecycle transitions (each returns a new request, never mutates). Membership
 * is a value the caller computes at action time (the bot asks Entra through Graph), never card data.
 */
import type { ErrorCode } from './errors.ts';
import type { PlanBasis, PlaybookName } from './plan-types.ts';

export type RequestState = 'pending' | 'approved' | 'rejected' | 'expired' | 'withdrawn' | 'superseded';

export const TERMINAL_STATES: readonly RequestState[] = ['rejected', 'expired', 'withdrawn', 'superseded'];

export interface Person {
  /** Entra object id (AAD object id from the Teams activity), never a display name. */
  readonly id: string;
  readonly name: string;
}

/** Group memberships of the acting person, as read at action time. */
export interface Membership {
  readonly isRequester: boolean;
  readonly isApprover: boolean;
}

export interface Decision {
  readonly by: Person;
  readonly verdict: 'approved' | 'rejected';
  readonly at: string;
  readonly comment: string | null;
}

export interface ApprovalRequest {
  readonly id: string;
  readonly requester: Person;
  readonly reason: string;
  readonly ticket: string | null;
  readonly playbook: PlaybookName | null;
  /** The approved plan's hash: the job executes only a plan with this hash. */
  readonly planHash: string;
  /** The facts the plan relied on; compared again before execution. */
  readonly basis: PlanBasis;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly state: RequestState;
  readonly decisions: readonly Decision[];
  /** When the state last changed (createdAt while pending). */
  readonly updatedAt: string;
  /** Set when state is 'superseded': the request that replaced this one. */
  readonly supersededBy: string | null;
}

export type PolicyCode = Extract<
  ErrorCode,
  'APPROVAL.SELF_APPROVAL' | 'APPROVAL.NOT_ALLOWED' | 'APPROVAL.EXPIRED' | 'APPROVAL.NOT_PENDING'
>;

export type Verdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly code: PolicyCode; readonly message: string };

const ALLOWED: Verdict = { allowed: true };
const refuse = (code: PolicyCode, message: string): Verdict => ({ allowed: false, code, message });

/** Default lifetime of a request. */
/**
 * Whether two people are the same Entra object: ids compared trimmed and case-insensitively (object ids
 * are GUIDs), so ` <id> ` or upper case cannot pass for another person. The edge normalises too.
 */
export const samePerson = (a: Person, b: Person): boolean =>
  a.id.trim().toLowerCase() === b.id.trim().toLowerCase();

export const DEFAULT_TTL_HOURS = 24;

/** The expiry of a request created at `createdAt` living `ttlHours` hours (ISO string). */
export const expiryOf = (createdAt: Date | string, ttlHours: number): string => {
  if (!Number.isFinite(ttlHours) || ttlHours <= 0)
    throw new RangeError(`ttlHours must be positive, got ${ttlHours}`);
  return new Date(new Date(createdAt).getTime() + ttlHours * 3_600_000).toISOString();
};

/** The state as of `now`: a pending request past its expiry reads as expired (even before it is stored so). */
export const effectiveState = (request: ApprovalRequest, now: Date): RequestState =>
  request.state === 'pending' && now.getTime() >= Date.parse(request.expiresAt) ? 'expired' : request.state;

export const canRequest = (_actor: Person, membership: Membership): Verdict =>
  membership.isRequester
    ? ALLOWED
    : refuse('APPROVAL.NOT_ALLOWED', 'Only members of the requesters group can ask for a match.');

const notPending = (request: ApprovalRequest, now: Date): Verdict | null => {
  const state = effectiveState(request, now);
  if (state === 'expired')
    return refuse('APPROVAL.EXPIRED', 'This request has expired. Ask again from the review card.');
  if (state !== 'pending') return refuse('APPROVAL.NOT_PENDING', `This request is already ${state}.`);
  return null;
};

/** Whether `actor` may approve or reject `request` now. Nobody decides their own request. */
export const canApprove = (
  actor: Person,
  request: ApprovalRequest,
  membership: Membership,
  now: Date,
): Verdict => {
  if (samePerson(actor, request.requester))
    return refuse(
      'APPROVAL.SELF_APPROVAL',
      'You cannot approve or reject your own request; another approver must.',
    );
  if (!membership.isApprover)
    return refuse(
      'APPROVAL.NOT_ALLOWED',
      'Only members of the approvers group can approve or reject requests.',
    );
  return notPending(request, now) ?? ALLOWED;
};

/** Only the requester withdraws, and only while the request is pending. */
export const canWithdraw = (actor: Person, request: ApprovalRequest, now: Date): Verdict => {
  if (!samePerson(actor, request.requester))
    return refuse('APPROVAL.NOT_ALLOWED', 'Only the person who asked can withdraw a request.');
  return notPending(request, now) ?? ALLOWED;
};

export interface NewRequestInput {
  readonly id: string;
  readonly requester: Person;
  readonly reason: string;
  readonly ticket: string | null;
  readonly plan: { readonly playbook: PlaybookName | null; readonly hash: string; readonly basis: PlanBasis };
  readonly now: Date;
  readonly ttlHours: number;
}

/** A new pending request for a plan. */
export const newRequest = (input: NewRequestInput): ApprovalRequest => {
  const createdAt = input.now.toISOString();
  return {
    id: input.id,
    requester: input.requester,
    reason: input.reason.trim(),
    ticket: input.ticket === null || input.ticket.trim() === '' ? null : input.ticket.trim(),
    playbook: input.plan.playbook,
    planHash: input.plan.hash,
    basis: input.plan.basis,
    createdAt,
    expiresAt: expiryOf(input.now, input.ttlHours),
    state: 'pending',
    decisions: [],
    updatedAt: createdAt,
    supersededBy: null,
  };
};

export type Transition =
  | { readonly ok: true; readonly request: ApprovalRequest }
  | { readonly ok: false; readonly code: PolicyCode; readonly message: string };

const fail = (v: Verdict): Transition =>
  v.allowed
    ? { ok: false, code: 'APPROVAL.NOT_ALLOWED', message: 'Refused.' }
    : { ok: false, code: v.code, message: v.message };

/** Approve or reject: checks canApprove, then records the decision and the new state. */
export const decide = (
  request: ApprovalRequest,
  actor: Person,
  membership: Membership,
  verdict: 'approved' | 'rejected',
  now: Date,
  comment: string | null = null,
): Transition => {
  const v = canApprove(actor, request, membership, now);
  if (!v.allowed) return fail(v);
  const at = now.toISOString();
  const decision: Decision = { by: actor, verdict, at, comment: comment?.trim() || null };
  return {
    ok: true,
    request: { ...request, state: verdict, decisions: [...request.decisions, decision], updatedAt: at },
  };
};

export const approve = (
  r: ApprovalRequest,
  actor: Person,
  m: Membership,
  now: Date,
  comment?: string,
): Transition => decide(r, actor, m, 'approved', now, comment ?? null);

export const reject = (
  r: ApprovalRequest,
  actor: Person,
  m: Membership,
  now: Date,
  comment?: string,
): Transition => decide(r, actor, m, 'rejected', now, comment ?? null);

export const withdraw = (request: ApprovalRequest, actor: Person, now: Date): Transition => {
  const v = canWithdraw(actor, request, now);
  if (!v.allowed) return fail(v);
  return { ok: true, request: { ...request, state: 'withdrawn', updatedAt: now.toISOString() } };
};

/** Mark a pending request expired once its time is up (a sweeper calls this); unchanged otherwise. */
export const expire = (request: ApprovalRequest, now: Date): ApprovalRequest =>
  request.state === 'pending' && effectiveState(request, now) === 'expired'
    ? { ...request, state: 'expired', updatedAt: now.toISOString() }
    : request;

/**
 * Replace a pending or approved-but-not-run request by a newer one for the same users (for example after
 * the facts changed). Anything else is refused with APPROVAL.NOT_PENDING.
 */
export const supersede = (request: ApprovalRequest, byRequestId: string, now: Date): Transition => {
  if (request.state !== 'pending' && request.state !== 'approved')
    return { ok: false, code: 'APPROVAL.NOT_PENDING', message: `This request is already ${request.state}.` };
  return {
    ok: true,
    request: { ...request, state: 'superseded', supersededBy: byRequestId, updatedAt: now.toISOString() },
  };
};
