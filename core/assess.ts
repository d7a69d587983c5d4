/**
 * The one call the dialogs and the CLI make to judge a match: checks, the plan they lead to, and whether
 * it may be requested for approval.
 */
import { runChecks, type CheckResult } from './checks.ts';
import type { MatchFacts } from './facts.ts';
import { buildClearPlan, buildPlan, type Plan } from './plan.ts';

export interface Assessment {
  readonly checks: CheckResult[];
  readonly plan: Plan;
  /** No blocking check and something to do. */
  readonly canRequest: boolean;
}

/** Run the checks on `facts` and build the plan; pure. */
export const assessMatch = (facts: MatchFacts): Assessment => {
  const checks = runChecks(facts);
  const plan = buildPlan(facts, checks);
  return { checks, plan, canRequest: plan.blockedBy.length === 0 && plan.steps.length > 0 };
};

/** Judge playbook 5 (clear the cloud user's ImmutableID, "not advised"), asked for explicitly. */
export const assessClear = (facts: MatchFacts): Assessment => {
  const checks = runChecks(facts);
  const plan = buildClearPlan(facts, checks);
  return { checks, plan, canRequest: plan.blockedBy.length === 0 && plan.steps.length > 0 };
};
