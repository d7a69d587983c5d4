/**
 * The sweeper's round: store overdue pending requests as expired and update their cards, and take over
 * jobs another instance left behind (its lease ran out: it died mid-job) or never started (it died right
 * after the click) - while this instance runs, not only at its next start. Reads the state indexes only,
 * so its cost follows the open requests and jobs, not the history.
 */
import { refreshCards } from './approvals/board.ts';
import { startJob } from './approvals/decide.ts';
import type { AppContext } from './context.ts';

/** A queued job nobody claimed for this long was left by an instance that stopped after the click. */
export const ORPHAN_GRACE_MS = 30_000;

export const sweep = async (ctx: AppContext): Promise<void> => {
  try {
    for (const id of await ctx.requests.expireDue()) await refreshCards(ctx, id);
    const now = ctx.clock.now().getTime();
    for (const job of await ctx.runner.unfinished()) {
      if (ctx.background.running(job.id)) continue;
      const orphan =
        job.lease === null
          ? Date.parse(job.updatedAt) < now - ORPHAN_GRACE_MS
          : Date.parse(job.lease.expiresAt) <= now;
      if (orphan) startJob(ctx, job.id);
    }
  } catch (e) {
    ctx.log.warn({ err: e }, 'sweep failed');
  }
};
