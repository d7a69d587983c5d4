/** Which users an undo is judged on, read from the job it reverses. */
import { invalidInput } from '../errors.ts';
import type { Job } from '../jobs/job-types.ts';
import type { OnPremUserKey } from '../ports.ts';

/** The users an undo of `job` is judged on: the AD account by objectGUID (also one the job created). */
export const undoSubject = (job: Job): { adUser: OnPremUserKey | null; cloudUser: string } => {
  const guid =
    job.plan.basis.adObjectGuid ?? job.steps.find((s) => s.output?.objectGuid)?.output?.objectGuid ?? null;
  return {
    adUser: guid === null ? null : { kind: 'guid', value: guid },
    cloudUser: job.plan.basis.cloudUserId,
  };
};

/** Whether `job` created the AD account it linked. */
export const createdByJob = (job: Job): boolean => job.plan.steps.some((s) => s.kind === 'ad.create-user');

/** The succeeded job an undo plan is built from; an undo is never built from facts alone. */
export const requireUndoing = (undoing: Job | null): Job => {
  if (undoing === null)
    throw invalidInput('An undo is asked for on the finished job it reverses (its Undo), not by name.');
  return undoing;
};

/** Why an undo is not undone in turn. */
export const UNDO_IS_FINAL = 'This job was itself an undo; to link again, ask for the match again.';
