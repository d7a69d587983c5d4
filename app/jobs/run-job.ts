/**
 * Running an approved request's job in the background of this process: progress updates every card of
 * the request in place (step n of m, waiting for sync), and at the end the requester and the approver
 * are told the outcome - once, whichever instance finished it (a compare-and-swap on the posts).
 */
import type { Job } from '../../core/jobs/job-types.ts';
import type { JobEvent } from '../../core/jobs/runner.ts';
import { jobOutcome } from '../../core/playbooks/index.ts';
import { refreshCards } from '../approvals/board.ts';
import type { AppContext } from '../context.ts';
import type { TeamsPerson } from '../ports.ts';
import { judgeUndo } from './undo-verdict.ts';

/** Run `fn` now, or once more after the run in flight: bursts of events become few card updates. */
const coalesce = (ctx: AppContext, fn: () => Promise<unknown>) => {
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
        await fn().catch((e: unknown) => ctx.log.warn({ err: e }, 'progress update failed'));
      } while (again);
      running = null;
    })();
  };
  return { kick, idle: () => running ?? Promise.resolve() };
};

/** Tell the requester and the approver how the job ended (only the first caller sends). */
const tellOutcome = async (ctx: AppContext, job: Job): Promise<void> => {
  const posts = await ctx.posts.update(job.requestId, (p) => (p.told ? null : { ...p, told: true }));
  if (posts === null) return;
  const text = `Request ${job.requestId}: ${jobOutcome(job).sentence}`;
  const approver: TeamsPerson[] = posts.approver === null ? [] : [posts.approver];
  const same = posts.requesterConversationId === posts.approverConversationId;
  await ctx.notifier.say(
    posts.requesterConversationId,
    text,
    same ? [posts.requester, ...approver] : [posts.requester],
  );
  if (!same) await ctx.notifier.say(posts.approverConversationId, text, approver);
};

const progressOf = (e: JobEvent, previous: string): string => {
  if (e.type === 'waiting-for-sync') return `Waiting for sync (${Math.round(e.elapsedMs / 1000)} s)`;
  if (e.type === 'undo') return `Undoing ${e.position + 1} of ${e.of}`;
  if (e.type === 'step') return '';
  return previous;
};

/** After a job ended: judge Undo (a success), update every card, tell the people once. */
const reportEnd = async (ctx: AppContext, job: Job): Promise<void> => {
  if (job.state === 'succeeded') {
    const undo = await judgeUndo(ctx, job);
    await ctx.posts.update(job.requestId, (p) => ({ ...p, undo }));
  }
  await refreshCards(ctx, job.requestId);
  await tellOutcome(ctx, job);
};

/**
 * Run (or continue) the job of approved request `requestId`. Never throws: a failure is logged and the
 * job stays in the store for the sweeper or the next start.
 */
export const runJob = async (ctx: AppContext, requestId: string): Promise<void> => {
  let progress = '';
  const updates = coalesce(ctx, () => refreshCards(ctx, requestId, { progress }));
  try {
    const result = await ctx.runner.runApproved(requestId, (e) => {
      progress = progressOf(e, progress);
      updates.kick();
    });
    await updates.idle();
    if (result.claimed) await reportEnd(ctx, result.job);
  } catch (e) {
    ctx.log.error({ err: e, requestId }, 'job run failed; it resumes later');
    await updates.idle();
  }
};

/**
 * At start-up: continue every unfinished job (approved requests without one are queued first), each as
 * this process's background task for its id - so the sweeper cannot start a second run of the same job.
 */
export const resumeAll = async (ctx: AppContext): Promise<void> => {
  try {
    for (const job of await ctx.runner.unfinished())
      ctx.background.once(job.id, 0, () => runJob(ctx, job.id));
  } catch (e) {
    ctx.log.error({ err: e }, 'resuming jobs failed');
  }
};
