/**
 * The outcome texts the playbooks share: a verified link, plain "all steps done", and the states every
 * playbook ends in the same way (stopped before any change, failed and undone, failed and stuck).
 */
import type { Job } from '../jobs/job-types.ts';
import type { JobOutcome } from './types.ts';

type Texts = Omit<JobOutcome, 'undoable'>;

const who = (job: Job): string => job.plan.basis.cloudUserPrincipalName;

/** A succeeded job whose last step verified nothing in particular. */
export const doneOutcome = (job: Job): Texts => ({
  status: 'Done: all steps completed',
  detail: '',
  sentence: `Done: ${job.plan.title} for ${who(job)}.`,
});

/** A succeeded link: the verify step found the cloud user synced with the anchor. */
export const linkedOutcome = (job: Job): Texts => {
  const v = job.verified;
  if (v === null || !v.synced) return doneOutcome(job);
  return {
    status: 'Done - verified: linked',
    detail: `${who(job)} is synced with ImmutableID ${v.immutableId ?? 'empty'}.`,
    sentence: `Done - verified: ${who(job)} is linked.`,
  };
};

/** Every state but `succeeded` reads the same for all playbooks; null for `succeeded` (the playbook's). */
export const stateOutcome = (job: Job): Texts | null => {
  const failure = job.failure?.message ?? '';
  switch (job.state) {
    case 'queued':
      return { status: 'Approved - starting', detail: '', sentence: `Approved, starting for ${who(job)}.` };
    case 'running':
      return { status: 'Approved - running', detail: '', sentence: `Running for ${who(job)}.` };
    case 'compensating':
      return {
        status: 'A step failed - undoing completed steps',
        detail: failure,
        sentence: `A step failed for ${who(job)}: ${failure} Completed steps are being undone.`,
      };
    case 'stale':
      return {
        status: 'Stopped: the facts changed since approval',
        detail: failure,
        sentence: `Stopped before any change: the facts changed for ${who(job)}. Ask for approval again.`,
      };
    case 'compensated':
      return {
        status: 'Failed - completed steps were undone',
        detail: failure,
        sentence: `Failed for ${who(job)}: ${failure} Completed steps were undone.`,
      };
    case 'succeeded':
      return null;
    case 'needs-attention':
      return {
        status: 'Failed - an administrator must check',
        detail: failure,
        sentence: `Failed for ${who(job)}: ${failure} An administrator must check.`,
      };
  }
};
