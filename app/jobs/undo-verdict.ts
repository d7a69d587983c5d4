/** Whether a succeeded job can be undone today, judged against fresh facts (shown on its final card). */
import { gatherMatchFacts } from '../../core/gather.ts';
import type { Job } from '../../core/jobs/job-types.ts';
import { undoProposal, undoSubject } from '../../core/playbooks/index.ts';
import type { AppContext } from '../context.ts';
import type { UndoVerdict } from '../ports.ts';

export const judgeUndo = async (ctx: AppContext, job: Job): Promise<UndoVerdict> => {
  try {
    const facts = await gatherMatchFacts(ctx, ctx.settings, { ...undoSubject(job), requestId: job.id });
    const proposal = undoProposal(job, facts);
    return { possible: proposal.possible, why: proposal.possible ? '' : proposal.why };
  } catch (e) {
    // Unknown now: offer Undo; the click judges it again against the facts of that moment.
    ctx.log.warn({ err: e, jobId: job.id }, 'could not judge whether the job can be undone');
    return { possible: true, why: '' };
  }
};
