/**
 * The jobs (`jobs/<request id>`): the only code that knows their keys. Unfinished jobs are indexed from
 * the moment their request is approved (before the job document exists), so a process that dies between
 * the approval and queueing the job still leaves a trace the sweeper and the next start pick up.
 */
import { isTerminalJob, type Job } from '../jobs/job-types.ts';
import type { Clock, Store, Versioned } from '../ports.ts';
import { createDocument } from './documents.ts';
import { isRequestId } from './requests.ts';
import { stateIndex } from './state-index.ts';

export interface JobRepository {
  get(id: string): Promise<Versioned<Job> | null>;
  /** Put `id` in the unfinished index ahead of its job document (at approval). */
  expect(id: string): Promise<void>;
  /** Create the job (create-only); false when it exists already. Indexed as unfinished. */
  create(job: Job): Promise<boolean>;
  /** Replace version `etag` with `job` (STORE.CONFLICT when it changed); a finished job leaves the index. */
  replace(job: Job, etag: string): Promise<string>;
  /** Ids that may be unfinished or not yet created (a superset: check each job). */
  unfinishedIds(): Promise<string[]>;
  /** When `id` entered the unfinished index; null when it is not in it. */
  expectedSince(id: string): Promise<Date | null>;
  unindex(id: string): Promise<void>;
}

const key = (id: string): string => `jobs/${id}`;

export const jobRepository = (store: Store, clock: Clock): JobRepository => {
  const unfinished = stateIndex(store, 'jobs-unfinished', clock);
  return {
    // A job's id is its request's id.
    get: async (id) => (isRequestId(id) ? store.get<Job>(key(id)) : null),
    expect: (id) => unfinished.add(id),
    async create(job) {
      await unfinished.add(job.id);
      return createDocument(store, key(job.id), job);
    },
    async replace(job, etag) {
      const next = await store.put(key(job.id), job, etag);
      if (isTerminalJob(job.state)) await unfinished.remove(job.id);
      return next;
    },
    unfinishedIds: () => unfinished.ids(),
    expectedSince: (id) => unfinished.since(id),
    unindex: (id) => unfinished.remove(id),
  };
};
