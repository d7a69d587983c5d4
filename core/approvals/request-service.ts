/**
 * The approval requests, kept on the server (Store port) and changed only through the policy's pure
 * transitions. Every change is a compare-and-swap on the stored request: when two bot instances receive
 * the same Approve click, one write wins and the other re-reads a request that is no longer pending - so
 * a decision happens exactly once. Who decides is the authenticated actor checked against the STORED
 * request (its requester) and live group membership; nothing from a card is trusted but the request id.
 */
import { randomUUID } from 'node:crypto';
import { DomainError, type ErrorCode } from '../errors.ts';
import type { Plan } from '../plan.ts';
import {
  approve as approveTransition,
  canRequest,
  effectiveState,
  expire as expireTransition,
  newRequest,
  reject as rejectTransition,
  samePerson,
  supersede,
  withdraw as withdrawTransition,
  type ApprovalRequest,
  type Person,
  type Transition,
} from '../policy.ts';
import { newJob } from '../jobs/job-types.ts';
import { jobRepository } from '../repositories/jobs.ts';
import { ORPHAN_MARKER_MS, requestRepository } from '../repositories/requests.ts';
import {
  nameOf,
  type CreateRequestInput,
  type DecisionInput,
  type RequestService,
  type RequestServiceDeps,
  type StoredRequest,
} from './request-types.ts';
import { validateNewRequest } from './request-rules.ts';

export { MAX_REASON_LENGTH, MAX_TICKET_LENGTH } from './request-rules.ts';

export type {
  CreateRequestInput,
  DecisionInput,
  RequestService,
  RequestServiceDeps,
  StoredRequest,
} from './request-types.ts';
export { nameOf } from './request-types.ts';

/** A policy transition that said no, carried out of the compare-and-swap loop (nothing was written). */
class Refusal extends Error {
  readonly code: ErrorCode;
  readonly stored: StoredRequest;
  constructor(code: ErrorCode, message: string, stored: StoredRequest) {
    super(message);
    this.code = code;
    this.stored = stored;
  }
}

const describeTarget = (plan: Plan): string =>
  `${plan.basis.cloudUserPrincipalName} (${plan.basis.cloudUserId})`;

/** Build the request service over the Store, AuditLog and membership ports. */
export const createRequestService = (deps: RequestServiceDeps): RequestService => {
  const { store, audit, clock, membership } = deps;
  const newId = deps.newId ?? randomUUID;

  const requests = requestRepository(store, clock);
  const jobs = jobRepository(store, clock);

  const notFound = (id: string) =>
    new DomainError('APPROVAL.NOT_FOUND', 'This request does not exist (any more).', {
      details: { id: id.slice(0, 100) },
    });

  const orphanedMarker = async (id: string, now: Date): Promise<boolean> => {
    const since = await requests.pendingSince(id);
    return since !== null && now.getTime() - since.getTime() > ORPHAN_MARKER_MS;
  };

  const load = async (id: string) => {
    // The id comes from card data: anything that is not one of our ids is simply not found.
    const doc = await requests.get(id);
    if (doc === null) throw notFound(id);
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
    let written: Awaited<ReturnType<typeof requests.update>>;
    try {
      written = await requests.update(id, (current) => {
        const t = apply(current.request, clock.now());
        if (!t.ok) throw new Refusal(t.code, t.message, current);
        return { ...current, request: t.request };
      });
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      await refused(action, actor, e.stored, id, e.code, e.message);
      // Record the expiry we just discovered, so lists and cards show it without a sweep.
      if (e.code === 'APPROVAL.EXPIRED') await expireQuietly(id);
      throw new DomainError(e.code, e.message, { details: { requestId: id } });
    }
    if (written === null) throw notFound(id);
    const before = written.before!;
    const next = written.after;
    const comment =
      next.request.decisions.length > before.request.decisions.length
        ? next.request.decisions.at(-1)?.comment
        : null;
    await audit.append({
      action,
      actor: actor.id,
      ...nameOf(actor),
      requestId: id,
      target: describeTarget(before.plan),
      before: { state: before.request.state },
      after: { state: next.request.state },
      outcome: 'ok',
      ...(comment === null || comment === undefined ? {} : { message: comment }),
    });
    return next;
  };

  const expireQuietly = async (id: string): Promise<void> => {
    try {
      await expireOne(id);
    } catch {
      // Best effort: the request reads as expired anyway (effectiveState); a sweep stores it later.
    }
  };

  const expireOne = async (id: string): Promise<StoredRequest & { changed: boolean }> => {
    const written = await requests.update(id, (current) => {
      const next = expireTransition(current.request, clock.now());
      return next === current.request ? null : { ...current, request: next };
    });
    if (written === null) {
      const { value } = await load(id);
      return { ...value, changed: false };
    }
    await audit.append({
      action: 'request.expired',
      actor: 'system',
      requestId: id,
      target: describeTarget(written.after.plan),
      before: { state: 'pending' },
      after: { state: 'expired' },
      outcome: 'ok',
    });
    return { ...written.after, changed: true };
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
    await requests.create(stored);
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
      // Indexed before the approval is written: if this process dies before the job is queued, the
      // sweeper or the next start finds the approved request through the index and queues it.
      if ((await requests.get(input.requestId)) !== null) await jobs.expect(input.requestId);
      const stored = await approveDecision(input);
      // Exactly one job per request: create-only, so a retried approval cannot queue a second one.
      const job = newJob({
        requestId: stored.request.id,
        plan: stored.plan,
        requestedBy: stored.request.requester,
        approvedBy: input.actor,
        now: clock.now(),
      });
      await jobs.create(job);
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
      const expired: string[] = [];
      for (const id of await requests.pendingIds()) {
        const doc = await requests.get(id);
        if (doc === null) {
          // A marker whose request was never written (its creator died in between): drop it once old.
          if (await orphanedMarker(id, now)) await requests.unindexPending(id);
          continue;
        }
        const { request } = doc.value;
        if (request.state !== 'pending') await requests.unindexPending(id);
        else if (effectiveState(request, now) === 'expired' && (await expireOne(id)).changed)
          expired.push(id);
      }
      return expired;
    },

    async requestAgain(previousId, input) {
      const previous = await load(previousId);
      // Asking again reuses the first request's reason and replaces it: only its own requester may.
      if (!samePerson(previous.value.request.requester, input.requester)) {
        const message = `Only ${previous.value.request.requester.name}, who made this request, can ask again. To ask yourself, start a new link.`;
        await refused(
          'request.requested-again',
          input.requester,
          previous.value,
          previousId,
          'APPROVAL.NOT_ALLOWED',
          message,
        );
        throw new DomainError('APPROVAL.NOT_ALLOWED', message, { details: { requestId: previousId } });
      }
      const created = await createRequest(
        { ...input, reason: input.reason ?? previous.value.request.reason },
        'request.requested-again',
      );
      const state = effectiveState(previous.value.request, clock.now());
      if (state === 'expired') await expireQuietly(previousId);
      // An approved request whose job already started is history, not something to replace.
      const job = state === 'approved' ? await jobs.get(previousId) : null;
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
