/**
 * Undo of a finished job by reversing its own changes: a new plan, built from the job's journal (what it
 * actually wrote) and today's facts, that needs its own approval. Steps the plan marked irreversible (a
 * permanent delete, a created AD account) are named in the summary, not attempted. Chosen by the linking
 * playbooks' undo when the link is not (or no longer) mastered by sync; otherwise it is the unlink.
 */
import { check, type CheckResult } from '../checks/types.ts';
import type { MatchFacts } from '../facts.ts';
import { undoAction } from '../jobs/compensation.ts';
import type { Job } from '../jobs/job-types.ts';
import type { PlanStep } from '../plan-types.ts';
import { doneOutcome } from './outcome.ts';
import { noUndo } from './seal.ts';
import { UNDO_IS_FINAL, requireUndoing } from './subject.ts';
import type { Playbook, PlaybookDraft } from './types.ts';

const SYNC: PlanStep = {
  kind: 'relay.delta-sync',
  waitForIdle: true,
  changes: 'Runs a delta sync so Entra sees the restored values.',
  precondition: 'Entra Connect is reachable and not in staging mode.',
  undo: { kind: 'none', why: 'A sync only carries the directory state across.' },
};

const MASTERED =
  'The cloud user is now synced from AD, so its ImmutableID can no longer be changed from the cloud.';

/** The reversing steps of `job` (latest first) and what it did that cannot be undone. */
const reversal = (job: Job): { steps: PlanStep[]; notUndoable: string[] } => {
  const steps: PlanStep[] = [];
  const notUndoable: string[] = [];
  for (let i = job.plan.steps.length - 1; i >= 0; i--) {
    const step = job.plan.steps[i]!;
    if (job.steps[i]!.noop === true) continue;
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
  return { steps, notUndoable };
};

/** Whether sync now masters the cloud user these steps would have to change. */
const mastered = (facts: MatchFacts, steps: readonly PlanStep[]): boolean =>
  facts.cloud.cloudUser.onPremisesSyncEnabled === true && steps.some((s) => s.kind.startsWith('cloud.'));

const draft = (job: Job, facts: MatchFacts): PlaybookDraft => {
  const { steps, notUndoable } = reversal(job);
  const upn = facts.cloud.cloudUser.userPrincipalName;
  const summary = [
    steps.length === 0
      ? `Nothing this job changed on ${upn} can be undone.`
      : `Reverse what job ${job.id} changed on ${upn}.`,
    mastered(facts, steps) ? MASTERED : '',
    notUndoable.length > 0 ? `Cannot be undone: ${notUndoable.join(' ')}` : '',
  ]
    .filter((s) => s !== '')
    .join(' ');
  return { steps, summary, title: `Undo of ${job.plan.title}` };
};

/** Only when sync masters the user: the one thing that blocks a reversal. */
const checks = (job: Job, facts: MatchFacts): CheckResult[] =>
  mastered(facts, reversal(job).steps)
    ? [
        check('cloud.already-synced', 'block', 'Cloud user is synced now', MASTERED, {
          userId: facts.cloud.cloudUser.id,
          onPremisesSyncEnabled: true,
        }),
      ]
    : [];

export const undoChanges: Playbook = {
  name: 'undo-changes',
  title: 'Undo',
  label: 'Undo',
  build: ({ facts, undoing }) => draft(requireUndoing(undoing), facts),
  checks: ({ facts, undoing }) => checks(requireUndoing(undoing), facts),
  outcome: doneOutcome,
  undoable: () => false,
  undo: () => noUndo(UNDO_IS_FINAL),
};
