/** Reading a job as the product stores it, for assertions (through its repository, never a raw key). */
import type { Job } from '../../core/jobs/job-types.ts';
import type { Store, Versioned } from '../../core/ports.ts';
import { jobRepository } from '../../core/repositories/jobs.ts';

const clock = { now: () => new Date() };

export const jobDoc = (store: Store, id: string): Promise<Versioned<Job> | null> =>
  jobRepository(store, clock).get(id);

export const jobOf = async (store: Store, id: string): Promise<Job | undefined> =>
  (await jobDoc(store, id))?.value;
