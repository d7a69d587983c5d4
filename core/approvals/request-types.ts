/**
 * The request service's vocabulary: what is stored for a request, the inputs of its operations and the
 * service's interface (request-service.ts implements it).
 */
import type { Plan } from '../plan.ts';
import type { ApprovalRequest, Person } from '../policy.ts';
import type { AuditLog, Clock, Store } from '../ports.ts';
import type { MembershipPort } from './membership.ts';

/** What is stored under `requests/<id>`: the request and the exact plan it approves. */
export interface StoredRequest {
  readonly request: ApprovalRequest;
  readonly plan: Plan;
}

/** The audit entry's display name of `person`, when it says more than the id. */
export const nameOf = (person: Person): { actorName?: string } =>
  person.name.trim() === '' || person.name === person.id ? {} : { actorName: person.name };

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
