/** The job runner's interface and what it is built from (runner.ts implements it). */
import type { GatherSettings } from '../gather.ts';
import type { AuditLog, Clock, Store } from '../ports.ts';
import type { JobEvent } from './job-events.ts';
import type { Job } from './job-types.ts';
import type { StepPorts, StepTiming } from './steps.ts';

export interface JobRunnerDeps {
  readonly store: Store;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ports: StepPorts;
  readonly settings: GatherSettings;
  /** This instance's name in leases (host + pid, or a random id). */
  readonly owner: string;
  /** Lease length; renewed every third. A dead runner's job is picked up after this. Default 60 s. */
  readonly leaseMs?: number;
  readonly timing?: Partial<StepTiming>;
  /** Attempts of a step failing with a retryable error (throttled, busy). Default 3. */
  readonly maxStepAttempts?: number;
  readonly onEvent?: (event: JobEvent) => void;
}

/**
 * `claimed: false`: another runner holds the job or it is finished. `error`: the run stopped on an outage
 * (a directory or the relay unreachable before the first step, the store failing); the job is released
 * unchanged for a later resume.
 */
export type RunResult =
  | { readonly claimed: false; readonly job: Job | null; readonly error?: unknown }
  | { readonly claimed: true; readonly job: Job };

export interface JobRunner {
  /** Run (or continue) job `jobId` if no other runner holds it. */
  run(jobId: string, onEvent?: (event: JobEvent) => void): Promise<RunResult>;
  /** Queue the job of an approved request when missing, then run it. */
  runApproved(requestId: string, onEvent?: (event: JobEvent) => void): Promise<RunResult>;
  /** At start-up: every unfinished job not held by a live runner, and approved requests without a job. */
  resumeJobs(onEvent?: (event: JobEvent) => void): Promise<RunResult[]>;
  /**
   * The unfinished jobs, read through the index (never a scan of all jobs): approved requests whose job
   * is missing are queued first, and index entries of finished jobs are dropped.
   */
  unfinished(): Promise<Job[]>;
}
