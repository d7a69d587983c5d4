/**
 * A job: one approved plan being executed, with its journal. The whole job is one stored document
 * (`jobs/<request id>`) written with compare-and-swap, so the journal entry for a step and the lease that
 * entitles a runner to write it can never disagree. Plain JSON, readable by the bot and the CLI.
 */
import type { ImmutableId } from '../models.ts';
import type { Plan, StepAction, StepKind } from '../plan-types.ts';
import type { Person } from '../policy.ts';

export type JobState =
  /** Approved, not started. */
  | 'queued'
  /** Steps are being executed (or the runner died and the lease will expire). */
  | 'running'
  /** A step failed; completed steps are being undone. */
  | 'compensating'
  | 'succeeded'
  /** The facts changed since approval (LINK.STALE_PLAN); nothing was done; ask again. */
  | 'stale'
  /** A step failed and every completed step that can be undone was undone. */
  | 'compensated'
  /** A step failed and an undo failed too: an administrator must look (the failure says where). */
  | 'needs-attention';

export const TERMINAL_JOB_STATES: readonly JobState[] = [
  'succeeded',
  'stale',
  'compensated',
  'needs-attention',
];

export const isTerminalJob = (state: JobState): boolean => TERMINAL_JOB_STATES.includes(state);

/** Journal position of one step. `checked`: its precondition was read and the write is next. */
export type StepStatus = 'pending' | 'started' | 'checked' | 'done' | 'failed';

/**
 * What a verify step confirmed at the end of a job: the cloud user, the ImmutableID it holds, and whether
 * it is synced from AD (a link) or cloud-only (an unlink). The job keeps the last one as `verified`.
 */
export interface Verified {
  readonly cloudUserId: string;
  readonly immutableId: ImmutableId | null;
  readonly synced: boolean;
  /** Where the AD account was left parked (an unlink); null otherwise. */
  readonly parkedDn: string | null;
}

/** What a step produced that later steps need (a created AD user and its anchor) or the runner reports. */
export interface StepOutput {
  readonly dn?: string;
  readonly objectGuid?: string;
  readonly immutableId?: ImmutableId;
  /** Set by verify steps: what they confirmed. */
  readonly verified?: Verified;
}

export interface StepRecord {
  /** Index in the plan's steps (forward) or of the step it undoes (compensation). */
  readonly index: number;
  readonly kind: StepKind;
  readonly status: StepStatus;
  /** How many times a runner started it (more than 1 after a crash or a retry). */
  readonly attempts: number;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Whether the check found the change already made, so nothing was written. */
  readonly noop: boolean | null;
  /** Whether the write needed by the check is still to be made (set at `checked`). */
  readonly needsWrite: boolean | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly vendorRequestId: string | null;
  readonly output: StepOutput | null;
  /** Whether the audit entry for this step was written (journaled so a restart neither skips nor repeats it). */
  readonly audited: boolean;
  readonly error: { readonly code: string; readonly message: string } | null;
}

/** A compensation entry: the undo action of forward step `index`. */
export interface CompensationRecord extends StepRecord {
  readonly action: StepAction;
}

export interface JobFailure {
  readonly code: string;
  readonly message: string;
  /** The forward step that failed; null before the first step (stale basis, bad plan). */
  readonly stepIndex: number | null;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface Lease {
  readonly owner: string;
  readonly expiresAt: string;
}

export interface Job {
  /** Equal to the request id: one job per approved request, created with create-only semantics. */
  readonly id: string;
  readonly requestId: string;
  readonly planHash: string;
  readonly plan: Plan;
  readonly requestedBy: Person;
  readonly approvedBy: Person | null;
  readonly state: JobState;
  readonly lease: Lease | null;
  readonly steps: readonly StepRecord[];
  readonly compensation: readonly CompensationRecord[];
  readonly failure: JobFailure | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly finishedAt: string | null;
  /** What the last verify step confirmed (from its journaled output); null when the plan has none. */
  readonly verified: Verified | null;
  /** The audit entry that recorded how the job ended (shown on its card); null until it ended. */
  readonly outcomeAuditId: string | null;
}

export const blankStep = (index: number, kind: StepKind): StepRecord => ({
  index,
  kind,
  status: 'pending',
  attempts: 0,
  startedAt: null,
  finishedAt: null,
  noop: null,
  needsWrite: null,
  before: null,
  after: null,
  vendorRequestId: null,
  output: null,
  audited: false,
  error: null,
});

/** The queued job for an approved request. */
export const newJob = (input: {
  readonly requestId: string;
  readonly plan: Plan;
  readonly requestedBy: Person;
  readonly approvedBy: Person | null;
  readonly now: Date;
}): Job => ({
  id: input.requestId,
  requestId: input.requestId,
  planHash: input.plan.hash,
  plan: input.plan,
  requestedBy: input.requestedBy,
  approvedBy: input.approvedBy,
  state: 'queued',
  lease: null,
  steps: input.plan.steps.map((s, i) => blankStep(i, s.kind)),
  compensation: [],
  failure: null,
  createdAt: input.now.toISOString(),
  updatedAt: input.now.toISOString(),
  finishedAt: null,
  verified: null,
  outcomeAuditId: null,
});
