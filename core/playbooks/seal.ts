/**
 * Sealing: a playbook's draft becomes a Plan - its basis (the facts it relies on), its blockers (from
 * the checks) and its hash (what an approval binds to). One place, so every playbook is sealed alike.
 */
import type { CheckResult } from '../checks/types.ts';
import type { MatchFacts } from '../facts.ts';
import type { Job } from '../jobs/job-types.ts';
import { planBasis, planHash } from '../plan-basis.ts';
import type { Plan } from '../plan-types.ts';
import type { Playbook, PlaybookDraft, PlaybookInput, UndoProposal } from './types.ts';

/** The plan of no playbook: the users are already linked. */
const nothingToDo = (facts: MatchFacts): PlaybookDraft & { title: string } => ({
  title: 'Already linked: nothing to do',
  steps: [],
  summary: `${facts.cloud.cloudUser.userPrincipalName} is already synced from this AD account. Nothing to do.`,
});

/** The checks among `checks` that block `playbook` (null: nothing to do, every block counts). */
export const blockingChecks = (playbook: Playbook | null, checks: readonly CheckResult[]): CheckResult[] =>
  checks.filter((c) => c.severity === 'block' && (playbook?.blockers?.has(c.id) ?? true));

/** Seal `playbook`'s plan for `input`; `checks` decide `blockedBy`. */
export const sealPlan = (
  playbook: Playbook | null,
  input: PlaybookInput,
  checks: readonly CheckResult[],
): Plan => {
  const draft = playbook === null ? nothingToDo(input.facts) : playbook.build(input);
  const name = playbook?.name ?? null;
  const basis = planBasis(input.facts);
  return {
    playbook: name,
    title: draft.title ?? playbook?.title ?? '',
    summary: draft.summary,
    steps: draft.steps,
    blockedBy: [...new Set(blockingChecks(playbook, checks).map((c) => c.id))],
    basis,
    hash: planHash(name, draft.steps, basis),
    undoes: input.undoing?.id ?? null,
  };
};

/**
 * The undo proposal of `job` through undo playbook `undo`: possible when the plan has steps and nothing
 * blocks it; otherwise its summary says why.
 */
export const proposeUndo = (undo: Playbook, job: Job, facts: MatchFacts): UndoProposal => {
  const input = { facts, undoing: job };
  const checks = undo.checks(input);
  const plan = sealPlan(undo, input, checks);
  return plan.steps.length > 0 && plan.blockedBy.length === 0
    ? { possible: true, plan, checks }
    : { possible: false, why: plan.summary, plan, checks };
};

/** The proposal for a job that has no undo at all. */
export const noUndo = (why: string): UndoProposal => ({ possible: false, why, plan: null, checks: [] });
