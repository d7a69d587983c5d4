/**
 * The playbooks' entry points: what the use cases, the job runner, cards and the CLI call. Which playbook
 * fits, its steps, blockers, outcome and undo are each playbook's own (registry.ts); these functions only
 * look them up, so no caller ever compares playbook names.
 */
import { runChecks } from '../checks.ts';
import type { CheckResult } from '../checks/types.ts';
import { invalidInput } from '../errors.ts';
import type { MatchFacts } from '../facts.ts';
import type { Job } from '../jobs/job-types.ts';
import type { Plan } from '../plan-types.ts';
import { doneOutcome, stateOutcome } from './outcome.ts';
import { findPlaybook, PLAYBOOKS } from './registry.ts';
import { blockingChecks, sealPlan } from './seal.ts';
import type { JobOutcome, Playbook, PlaybookInput, PlaybookName, UndoProposal } from './types.ts';

export type { JobOutcome, Playbook, PlaybookInput, PlaybookName, UndoProposal } from './types.ts';
export { findPlaybook } from './registry.ts';
export { undoSubject } from './subject.ts';

/** The playbook named `name`, or INPUT.INVALID naming the known ones. */
export const playbookNamed = (name: PlaybookName): Playbook => {
  const found = findPlaybook(name);
  if (found === null)
    throw invalidInput(`Unknown playbook '${name}'. Known: ${PLAYBOOKS.map((p) => p.name).join(', ')}.`);
  return found;
};

/** The automatic choice for `facts`: the first playbook in registry order that applies; null: already linked. */
export const choosePlaybook = (facts: MatchFacts): Playbook | null =>
  PLAYBOOKS.find((p) => p.appliesTo?.(facts) === true) ?? null;

/**
 * The automatic plan for `facts`, blocked by the blocking ones among `checks`. assessMatch (core/assess.ts)
 * is the usual call: it runs the chosen playbook's own checks. A blocked plan still lists its steps.
 */
export const buildPlan = (facts: MatchFacts, checks: readonly CheckResult[]): Plan =>
  sealPlan(choosePlaybook(facts), { facts, undoing: null }, checks);

/**
 * The checks that block `plan` now, re-run on `input` (fresh facts; for an undo, the job it reverses).
 * The job runner's preflight refuses on any (and refuses a plan whose playbook is unknown before this).
 */
export const blockingChecksNow = (plan: Plan, input: PlaybookInput): CheckResult[] => {
  const playbook = findPlaybook(plan.playbook);
  return blockingChecks(playbook, playbook === null ? runChecks(input.facts) : playbook.checks(input));
};

/**
 * Whether and how succeeded job `job` can be undone today: `facts` are gathered now for
 * undoSubject(job). Its playbook decides (unlink a verified link, reverse its changes, or not at all).
 */
export const undoProposal = (job: Job, facts: MatchFacts): UndoProposal => {
  if (job.state !== 'succeeded') throw invalidInput('Only a job that finished successfully can be undone.');
  const playbook = findPlaybook(job.plan.playbook);
  if (playbook === null)
    return { possible: false, why: 'This job has no playbook that knows its undo.', plan: null, checks: [] };
  return playbook.undo(job, facts);
};

/** How `job` reads in any state: the playbook's outcome once succeeded, the shared texts otherwise. */
export const jobOutcome = (job: Job): JobOutcome => {
  const shared = stateOutcome(job);
  if (shared !== null) return { ...shared, undoable: false };
  const playbook = findPlaybook(job.plan.playbook);
  return playbook === null
    ? { ...doneOutcome(job), undoable: false }
    : { ...playbook.outcome(job), undoable: playbook.undoable(job) };
};

/** The approval card's heading word for `plan` ("Match", "Undo"). */
export const planLabel = (plan: Plan): string => findPlaybook(plan.playbook)?.label ?? 'Match';
