/**
 * The job's journal and lease. A runner owns a job while its lease (owner + expiry, in the job document)
 * is current; every journal write renews it and is a compare-and-swap on the document, so a runner that
 * lost the job (its lease expired and another runner claimed it) finds out at its next write and stops
 * before doing anything else. Writes are serialised: the heartbeat and the steps never race each other.
 */
import { DomainError } from '../errors.ts';
import type { Clock, Versioned } from '../ports.ts';
import type { JobRepository } from '../repositories/jobs.ts';
import { isTerminalJob, type Job } from './job-types.ts';

export const leaseLost = (jobId: string): DomainError =>
  new DomainError('STORE.CONFLICT', 'Another runner took over this job.', {
    details: { jobId, leaseLost: true },
  });

export const isLeaseLost = (e: unknown): boolean =>
  e instanceof DomainError && e.details['leaseLost'] === true;

export interface JobJournal {
  /** The job as last written by this runner. */
  current(): Job;
  /** Apply `mutate` and write it (renewing the lease); throws leaseLost when someone else wrote. */
  update(mutate: (job: Job) => Job): Promise<Job>;
  /** Give the job up (lease cleared) so another runner may take it at once. */
  release(): Promise<void>;
  /** Renew the lease every third of its length until the returned function is called. */
  heartbeat(): () => void;
}

export interface LeaseSettings {
  readonly owner: string;
  readonly leaseMs: number;
  readonly clock: Clock;
}

const withLease = (job: Job, s: LeaseSettings, now: Date): Job => ({
  ...job,
  lease: { owner: s.owner, expiresAt: new Date(now.getTime() + s.leaseMs).toISOString() },
  updatedAt: now.toISOString(),
});

/**
 * Claim job `id` for `settings.owner`: only when it is not finished and nobody else holds a current
 * lease. Returns null when the job is absent, finished or held; exactly one of several racing runners
 * gets a journal.
 */
export const claimJob = async (
  jobs: JobRepository,
  id: string,
  settings: LeaseSettings,
): Promise<JobJournal | null> => {
  const doc = await jobs.get(id);
  if (doc === null || isTerminalJob(doc.value.state)) return null;
  const now = settings.clock.now();
  const { lease } = doc.value;
  if (lease !== null && lease.owner !== settings.owner && Date.parse(lease.expiresAt) > now.getTime())
    return null;
  let state: Versioned<Job>;
  try {
    const next = withLease(doc.value, settings, now);
    state = { value: next, etag: await jobs.replace(next, doc.etag) };
  } catch (e) {
    if (e instanceof DomainError && e.code === 'STORE.CONFLICT') return null;
    throw e;
  }
  let queue: Promise<unknown> = Promise.resolve();
  let lost = false;

  const write = (mutate: (job: Job) => Job): Promise<Job> => {
    const run = async (): Promise<Job> => {
      if (lost) throw leaseLost(id);
      const next = mutate(state.value);
      try {
        state = { value: next, etag: await jobs.replace(next, state.etag) };
      } catch (e) {
        if (e instanceof DomainError && e.code === 'STORE.CONFLICT') {
          lost = true;
          throw leaseLost(id);
        }
        throw e;
      }
      return next;
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  };

  return {
    current: () => state.value,
    update: (mutate) => write((job) => withLease(mutate(job), settings, settings.clock.now())),
    release: async () => {
      await write((job) => ({ ...job, lease: null, updatedAt: settings.clock.now().toISOString() }));
    },
    heartbeat() {
      const timer = setInterval(
        () => void write((job) => withLease(job, settings, settings.clock.now())).catch(() => undefined),
        Math.max(10, Math.floor(settings.leaseMs / 3)),
      );
      timer.unref();
      return () => clearInterval(timer);
    },
  };
};
