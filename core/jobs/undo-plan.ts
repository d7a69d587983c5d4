/**
 * Undo of a finished job is a change like any other: a new plan, built from the job's journal (what it
 * actually wrote) and today's facts, that needs its own approval. Steps the plan marked irreversible
 * (a permanent delete, a created AD account) are named in the summary, not attempted. A link that sync
 * now masters is undone by unlinking it through the recycle bin (unlink-plan.ts).
 */
import { invalidInput } from '../errors.ts';
import type { MatchFacts } from '../facts.ts';
import { planBasis, planHash, type Plan, type PlanStep } from '../plan.ts';
import type { CheckId } from '../checks/types.ts';
import { undoAction } from './compensation.ts';
import type { Job } from './job-types.ts';
import { isVerifiedLinkNow, unlinkChecks, unlinkSteps } from './unlink-plan.ts';

export { undoSubject } from './unlink-plan.ts';

/** The checks an undo request shows (the unlink's; none for a plain reversal). */
export const undoChecksFor = (job: Job, facts: MatchFacts) =>
  isVerifiedLinkNow(job, facts) ? unlinkChecks(job, facts) : [];

const SYNC: PlanStep = {
  kind: 'relay.delta-sync',
  waitForIdle: true,
  changes: 'Runs a delta sync so Entra sees the restored values.',
  precondition: 'Entra Connect is reachable and not in staging mode.',
  undo: { kind: 'none', why: 'A sync only carries the directory state across.' },
};

const NOTHING = { playbook: 6, title: 'Undo', steps: [], blockedBy: [] } as const;

/**
 * The plan that reverses succeeded job `job`, judged against current `facts` (gathered for the users of
 * undoSubject(job)). Playbook 6. When the link the job verified still holds: the unlink plan. Otherwise
 * the job's own undo steps, blocked with `cloud.already-synced` when they would have to change a cloud
 * user that sync now masters.
 */
export const undoPlanFor = (job: Job, facts: MatchFacts): Plan => {
  if (job.state !== 'succeeded') throw invalidInput('Only a job that finished successfully can be undone.');
  const basis = planBasis(facts);
  if (job.plan.playbook === 6) {
    const summary = 'This job was itself an undo; to link again, ask for the match again.';
    return { ...NOTHING, summary, basis, hash: planHash(6, [], basis) };
  }
  if (isVerifiedLinkNow(job, facts)) {
    const { steps, summary } = unlinkSteps(job, facts);
    const blocks = unlinkChecks(job, facts).filter((c) => c.severity === 'block');
    return {
      playbook: 6,
      title: 'Undo: unlink from AD',
      summary,
      steps,
      blockedBy: [...new Set(blocks.map((c) => c.id))],
      basis,
      hash: planHash(6, steps, basis),
    };
  }
  const steps: PlanStep[] = [];
  const notUndoable: string[] = [];
  for (let i = job.plan.steps.length - 1; i >= 0; i--) {
    const step = job.plan.steps[i]!;
    const rec = job.steps[i]!;
    if (rec.noop === true) continue;
    // A park was already undone by the plan's own return step.
    if (step.kind === 'ad.move-user') continue;
    if (step.undo.kind === 'irreversible') notUndoable.push(step.changes);
    if (step.undo.kind !== 'step') continue;
    const action = undoAction(job, i);
    if (action === null) continue;
    steps.push({
      ...action,
      changes: step.undo.changes,
      precondition: `The change made by job ${job.id} step ${i + 1} is still in place.`,
      undo: { kind: 'none', why: 'To redo the change, ask for the match again.' },
    });
  }
  if (steps.length > 0) steps.push(SYNC);
  const blockedBy: CheckId[] =
    facts.cloud.cloudUser.onPremisesSyncEnabled === true && steps.some((s) => s.kind.startsWith('cloud.'))
      ? ['cloud.already-synced']
      : [];
  const upn = facts.cloud.cloudUser.userPrincipalName;
  const summary = [
    steps.length === 0
      ? `Nothing this job changed on ${upn} can be undone.`
      : `Reverse what job ${job.id} changed on ${upn}.`,
    blockedBy.length > 0
      ? 'The cloud user is now synced from AD, so its ImmutableID can no longer be changed from the cloud.'
      : '',
    notUndoable.length > 0 ? `Cannot be undone: ${notUndoable.join(' ')}` : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
  return {
    playbook: 6,
    title: `Undo of ${job.plan.title}`,
    summary,
    steps,
    blockedBy,
    basis,
    hash: planHash(6, steps, basis),
  };
};
