/**
 * Running an approved request's job in the background of the bot process: progress updates every card
 * of the request in place (step n of m, waiting for sync), and at the end the requester and the approver
 * are told the outcome - once, whichever instance finished it (a CAS on the posts document).
 */
import type { Logger } from '../config/logger.ts';
import type { Job } from '../core/jobs/job-types.ts';
import type { JobEvent } from '../core/jobs/runner.ts';
import type { ApprovalDeps, TeamsPerson } from './approval-deps.ts';
import { refreshCards } from './approval-view.ts';
import { updatePosts } from './request-posts.ts';
import { jobOutcome } from '../core/playbooks/index.ts';

/** Run `fn` now, or once more after the run in flight: bursts of events become few card updates. */
const coalesce = (fn: () => Promise<unknown>, log: Logger) => {
  let running: Promise<void> | null = null;
  let again = false;
  const kick = (): void => {
    if (running !== null) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await fn().catch((e: unknown) => log.warn({ err: e }, 'progress update failed'));
      } while (again);
      running = null;
    })();
  };
  return { kick, idle: () => running ?? Promise.resolve() };
};

/** Tell the requester and the approver how the job ended (only the first caller sends). */
const tellOutcome = async (a: ApprovalDeps, job: Job): Promise<void> => {
  const posts = await updatePosts(a.store, job.requestId, (p) => (p.told ? null : { ...p, told: true }));
  if (posts === null) return;
  const text = `Request ${job.requestId}: ${jobOutcome(job).sentence}`;
  const approver: TeamsPerson[] = posts.approver === null ? [] : [posts.approver];
  const same = posts.requesterRef.conversation?.id === posts.approverRef.conversation?.id;
  await a.messenger.say(posts.requesterRef, text, same ? [posts.requester, ...approver] : [posts.requester]);
  if (!same) await a.messenger.say(posts.approverRef, text, approver);
};

const progressOf = (e: JobEvent, previous: string): string => {
  if (e.type === 'waiting-for-sync') return `Waiting for sync (${Math.round(e.elapsedMs / 1000)} s)`;
  if (e.type === 'undo') return `Undoing ${e.position + 1} of ${e.of}`;
  if (e.type === 'step') return '';
  return previous;
};

/**
 * Run (or continue) the job of approved request `requestId`. Never throws: a failure is logged and the
 * job stays in the store for resumeJobs.
 */
export const runJob = async (a: ApprovalDeps, log: Logger, requestId: string): Promise<void> => {
  let progress = '';
  const updates = coalesce(() => refreshCards(a, log, requestId, { progress }), log);
  try {
    const result = await a.runner.runApproved(requestId, (e) => {
      progress = progressOf(e, progress);
      updates.kick();
    });
    await updates.idle();
    if (!result.claimed) return;
    if (result.job.state === 'succeeded') {
      const undo = await a.undoCheck(result.job);
      await updatePosts(a.store, requestId, (p) => ({ ...p, undo }));
    }
    await refreshCards(a, log, requestId);
    await tellOutcome(a, result.job);
  } catch (e) {
    log.error({ err: e, requestId }, 'job run failed; it resumes at the next start');
    await updates.idle();
  }
};

/** At start-up: continue every unfinished job and queue approved requests without one. */
export const resumeAll = async (a: ApprovalDeps, log: Logger): Promise<void> => {
  try {
    const results = await a.runner.resumeJobs();
    for (const r of results)
      if (r.claimed) {
        await refreshCards(a, log, r.job.requestId);
        await tellOutcome(a, r.job);
      }
  } catch (e) {
    log.error({ err: e }, 'resuming jobs failed');
  }
};
