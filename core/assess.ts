/**
 * The one call the dialogs and the CLI make to judge a match: checks, the plan they lead to, and whether
 * it may be requested for approval.
 */
import { runChecks, type CheckResult } from './checks.ts';
import type { MatchFacts } from './facts.ts';
import type { Plan } from './plan.ts';
import { choosePlaybook, playbookNamed, type Playbook, type PlaybookName } from './playbooks/index.ts';
import { sealPlan } from './playbooks/seal.ts';

export interface Assessment {
  readonly checks: CheckResult[];
  readonly plan: Plan;
  /** No blocking check and something to do. */
  readonly canRequest: boolean;
}

const assess = (playbook: Playbook | null, facts: MatchFacts): Assessment => {
  const input = { facts, undoing: null };
  // Nothing to do still shows the checks that say why (already linked).
  const checks = playbook === null ? runChecks(facts) : [...playbook.checks(input)];
  const plan = sealPlan(playbook, input, checks);
  return { checks, plan, canRequest: plan.blockedBy.length === 0 && plan.steps.length > 0 };
};

/** Run the checks on `facts` and build the automatic plan (the registry's choice); pure. */
export const assessMatch = (facts: MatchFacts): Assessment => assess(choosePlaybook(facts), facts);

/**
 * Judge playbook `name` asked for explicitly - one that is never chosen automatically, e.g.
 * `clear-immutable-id` ("not advised"); pure. INPUT.INVALID for an unknown name, or for an undo (those
 * come from their job: undoProposal).
 */
export const assessPlaybook = (name: PlaybookName, facts: MatchFacts): Assessment =>
  assess(playbookNamed(name), facts);
