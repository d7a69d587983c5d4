/**
 * The approval requests, kept on the server (Store port) and changed only through the policy's pure
 * transitions. Every change is a compare-and-swap on the stored request: when two bot instances receive
 * the same Approve click, one write wins and the other re-reads a request that is no longer pending - so
 * a decision happens exactly once. Who decides is the authenticated actor checked against the STORED
 * request (its requester) and live group membership; nothing from a card is trusted but the request id.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../errors.ts';
import type { Plan } from '../plan.ts';
import {
  approve as approveTransition,
  canRequest,
  effectiveState,
  expire as expireTransition,
  newRequest,
  reject as rejectTransition,
  supersede,
  withdraw as withdrawTransition,
  type ApprovalRequest,
  type Person,
  type Transition,
} from '../policy.ts';
import type { AuditLog, Clock, Store } from '../ports.ts';
import { jobKey, newJob, type Job } from '../jobs/job-types.ts';
import type { MembershipPort } from './membership.ts';
import { validateNewRequest } from './request-rules.ts';

export { MAX_REASON_LENGTH, MAX_TICKET_LENGTH } from './request-rules.ts';

/** What is stored under `requests/<id>`: the request and the exact plan it approves. */
export interface StoredRequest {
  readonly request: ApprovalRequest;
  readonly plan: Plan;
}

export const requestKey = (id: string): string => `requests/${id}`;

const MAX_CAS_ATTEMPTS = 5;

/** The audit entry's display name of `person`, when it says more than the id. */
export const nameOf = (person: Person): { actorName?: string } =>
  person.name.trim() === '' || person.name === person.id ? {} : { actorName: person.name };
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/;

export interface RequestServiceDeps {
  readonly store: Store;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly membership: MembershipPort;
  readonly ttlHours: number;
  readonly newId?: () => string;
}

export interface CreateRequestInput {
  readonly requester: Person;
  readonly reason: string;
  readonly ticket?: string | null;
  readonly plan: Plan;
}

/** A decision's input: only the request id comes from the card; `actor` is the authenticated sender. */
export interface DecisionInput {
  readonly requestId: string;
  readonly actor: Person;
  readonly comment?: string | null;
}

export interface RequestService {
  /** Ask for approval of `plan`. Refused when the requester is not allowed, the reason is missing or the plan is blocked. */
  create(input: CreateRequestInput): Promise<StoredRequest>;
  /** The request with its state as of now (a pending request past expiry reads as expired). */
  get(requestId: string): Promise<StoredRequest>;
  /** Approve; on success the job is queued (`jobs/<request id>`) for the runner. */
  approve(input: DecisionInput): Promise<StoredRequest>;
  reject(input: DecisionInput): Promise<StoredRequest>;
  withdraw(input: DecisionInput): Promise<StoredRequest>;
  /** Store an overdue pending request as expired (idempotent). */
  expire(requestId: string): Promise<StoredRequest>;
  /** Expire every overdue pending request; returns the ids expired now. */
  expireDue(): Promise<string[]>;
  /**
   * Ask again after expiry, rejection, withdrawal or a stale plan: a new request for a freshly built
   * plan; a previous request still pending or approved-but-not-run is superseded by it.
   */
  requestAgain(
    previousId: string,
    input: Omit<CreateRequestInput, 'reason'> & { readonly reason?: string },
  ): Promise<StoredRequest>;
}

const describeTarget = (plan: Plan): string =>
  `${plan.basis.cloudUserPrincipalName} (${plan.basis.cloudUserId})`;

/** Build the request service over the Store, AuditLog and membership ports. */
export const createRequestService = (deps: RequestServiceDeps): RequestService => {
  const { store, audit, clock, membership } = deps;
  const newId = deps.newId ?? randomUUID;

  const load = async (id: string) => {
    // The id comes from card data: anything that is not one of our ids is simply not found.
    const doc = REQUEST_ID.test(id) ? await store.get<StoredRequest>(requestKey(id)) : null;
    if (doc === null)
      throw new DomainError('APPROVAL.NOT_FOUND', 'This request does not exist (any more).', {
        details: { id: id.slice(0, 100) },
      });
    return doc;
  };

  const refused = async (
    action: string,
    actor: Person,
    stored: StoredRequest | null,
    id: string,
    code: string,
    message: string,
  ) => {
    await audit.append({
      action,
      actor: actor.id,
      ...nameOf(actor),
      requestId: id,
      target: stored === null ? null : describeTarget(stored.plan),
      outcome: 'refused',
      message: `${code}: ${message}`,
    });
  };

  /**
   * Read, apply a policy transition to the STORED request, write it back only if nobody wrote in between;
   * on a lost race re-read and re-apply (the second click then finds the request no longer pending).
   */
  const transition = async (
    action: string,
    id: string,
    actor: Person,
    apply: (request: ApprovalRequest, now: Date) => Transition,
  ): Promise<StoredRequest> => {
    for (let attempt = 0; ; attempt++) {
      const doc = await load(id);
      const now = clock.now();
      const t = apply(doc.value.request, now);
      if (!t.ok) {
        await refused(action, actor, doc.value, id, t.code, t.message);
        // Record the expiry we just discovered, so lists and cards show it without a sweep.
        if (t.code === 'APPROVAL.EXPIRED') await expireQuietly(id);
        throw new DomainError(t.code, t.message, { details: { requestId: id } });
      }
      const next: StoredRequest = { ...doc.value, request: t.request };
      const comment =
        t.request.decisions.length > doc.value.request.decisions.length
          ? t.request.decisions.at(-1)?.comment
          : null;
      try {
        await store.put(requestKey(id), next, doc.etag);
      } catch (e) {
        if (e instanceof DomainError && e.code === 'STORE.CONFLICT' && attempt < MAX_CAS_ATTEMPTS) continue;
        throw e;
      }
      await audit.append({
        action,
        actor: actor.id,
        ...nameOf(actor),
        requestId: id,
        target: describeTarget(doc.value.plan),
        before: { state: doc.value.request.state },
        after: { state: t.request.state },
        outcome: 'ok',
        ...(comment === null || comment === undefined ? {} : { message: comment }),
      });
      return next;
    }
  };

  const expireQuietly = async (id: string): Promise<void> => {
    try {
      await expireOne(id);
    } catch {
      // Best effort: the request reads as expired anyway (effectiveState); a sweep stores it later.
    }
  };

  const expireOne = async (id: string): Promise<StoredRequest & { changed: boolean }> => {
    for (let attempt = 0; ; attempt++) {
      const doc = await load(id);
      const next = expireTransition(doc.value.request, clock.now());
      if (next === doc.value.request) return { ...doc.value, changed: false };
      try {
        await store.put(requestKey(id), { ...doc.value, request: next }, doc.etag);
      } catch (e) {
        if (e instanceof DomainError && e.code === 'STORE.CONFLICT' && attempt < MAX_CAS_ATTEMPTS) continue;
        throw e;
      }
      await audit.append({
        action: 'request.expired',
        actor: 'system',
        requestId: id,
        target: describeTarget(doc.value.plan),
        before: { state: 'pending' },
        after: { state: 'expired' },
        outcome: 'ok',
      });
      return { plan: doc.value.plan, request: next, changed: true };
    }
  };

  const createRequest = async (input: CreateRequestInput, action: string): Promise<StoredRequest> => {
    validateNewRequest(input);
    const id = newId();
    const verdict = canRequest(input.requester, await membership.membershipOf(input.requester));
    if (!verdict.allowed) {
      await refused(action, input.requester, null, id, verdict.code, verdict.message);
      throw new DomainError(verdict.code, verdict.message);
    }
    const request = newRequest({
      id,
      requester: input.requester,
      reason: input.reason,
      ticket: input.ticket ?? null,
      plan: input.plan,
      now: clock.now(),
      ttlHours: deps.ttlHours,
    });
    const stored: StoredRequest = { request, plan: input.plan };
    await store.put(requestKey(id), stored, null);
    await audit.append({
      action,
      actor: input.requester.id,
      ...nameOf(input.requester),
      requestId: id,
      target: describeTarget(input.plan),
      after: {
        state: 'pending',
        planHash: input.plan.hash,
        playbook: input.plan.playbook,
        reason: request.reason,
        ticket: request.ticket,
      },
      outcome: 'ok',
    });
    return stored;
  };

  const decide =
    (action: string, fn: typeof approveTransition) =>
    async (input: DecisionInput): Promise<StoredRequest> => {
      const m = await membership.membershipOf(input.actor);
      return transition(action, input.requestId, input.actor, (r, now) =>
        fn(r, input.actor, m, now, input.comment ?? undefined),
      );
    };

  const approveDecision = decide('request.approved', approveTransition);

  return {
    create: (input) => createRequest(input, 'request.created'),

    async get(requestId) {
      const { value } = await load(requestId);
      const state = effectiveState(value.request, clock.now());
      return state === value.request.state ? value : { ...value, request: { ...value.request, state } };
    },

    async approve(input) {
      const stored = await approveDecision(input);
      // Exactly one job per request: create-only, so a retried approval cannot queue a second one.
      const job = newJob({
        requestId: stored.request.id,
        plan: stored.plan,
        requestedBy: stored.request.requester,
        approvedBy: input.actor,
        now: clock.now(),
      });
      try {
        await store.put(jobKey(job.id), job, null);
      } catch (e) {
        if (!(e instanceof DomainError && e.code === 'STORE.CONFLICT')) throw e;
      }
      return stored;
    },

    reject: decide('request.rejected', rejectTransition),

    withdraw: (input) =>
      transition('request.withdrawn', input.requestId, input.actor, (r, now) =>
        withdrawTransition(r, input.actor, now),
      ),

    async expire(requestId) {
      const { plan, request } = await expireOne(requestId);
      return { plan, request };
    },

    async expireDue() {
      const now = clock.now();
      const due = (await store.list<StoredRequest>('requests/')).filter(
        (d) => d.value.request.state === 'pending' && effectiveState(d.value.request, now) === 'expired',
      );
      const expired: string[] = [];
      for (const d of due)
        if ((await expireOne(d.value.request.id)).changed) expired.push(d.value.request.id);
      return expired;
    },

    async requestAgain(previousId, input) {
      const previous = await load(previousId);
      const created = await createRequest(
        { ...input, reason: input.reason ?? previous.value.request.reason },
        'request.requested-again',
      );
      const state = effectiveState(previous.value.request, clock.now());
      if (state === 'expired') await expireQuietly(previousId);
      // An approved request whose job already started is history, not something to replace.
      const job = state === 'approved' ? await store.get<Job>(jobKey(previousId)) : null;
      const notRun = job === null || job.value.state === 'queued' || job.value.state === 'stale';
      if (state === 'pending' || (state === 'approved' && notRun)) {
        await transition('request.superseded', previousId, input.requester, (r, now) =>
          supersede(r, created.request.id, now),
        );
      }
      return created;
    },
  };
};
