/**
 * What the playbooks that change a cloud user's link share: every check of a match is shown with them,
 * a succeeded job reads as a verified link, and it is undone by unlinking while the link it verified
 * still holds (sync masters the user), otherwise by reversing its own changes.
 */
import { runChecks } from '../checks.ts';
import type { MatchFacts } from '../facts.ts';
import type { Job } from '../jobs/job-types.ts';
import { linkedOutcome } from './outcome.ts';
import { proposeUndo } from './seal.ts';
import type { Playbook, PlaybookInput, UndoProposal } from './types.ts';
import { undoChanges } from './undo-changes.ts';
import { isVerifiedLinkNow, unlink } from './unlink.ts';

export const matchChecks = ({ facts }: PlaybookInput) => runChecks(facts);

/**
 * Whether anything `job` changed has an undo: a verified link (unlink), or a step with an undo that
 * wrote something. A park is not counted: the plan's own return step already undid it.
 */
export const hasUndoableChange = (job: Job): boolean =>
  job.verified?.synced === true ||
  job.plan.steps.some(
    (s, i) => s.undo.kind === 'step' && s.kind !== 'ad.move-user' && job.steps[i]?.noop !== true,
  );

/** Unlink while the link `job` verified still holds; otherwise reverse what it changed. */
export const undoOfChanges = (job: Job, facts: MatchFacts): UndoProposal =>
  proposeUndo(isVerifiedLinkNow(job, facts) ? unlink : undoChanges, job, facts);

/** The parts every linking playbook has; its module adds name, title, appliesTo and build. */
export const LINKING = {
  label: 'Match',
  checks: matchChecks,
  outcome: linkedOutcome,
  undoable: hasUndoableChange,
  undo: undoOfChanges,
} as const satisfies Partial<Playbook>;
