/**
 * Plans: which playbook fits the facts and its exact ordered steps. Pure: facts + checks in, a
 * serializable Plan out. The step builders live in playbooks.ts; this module chooses and seals (hash).
 */
import { activeHolders, isLinked } from './checks/derive.ts';
import type { CheckId, CheckResult } from './checks/types.ts';
import type { MatchFacts } from './facts.ts';
import { canonicalJson, planBasis, sha256Hex } from './plan-basis.ts';
import type { Plan, PlanBasis, PlanStep, PlaybookId } from './plan-types.ts';
import { PLAYBOOK_TITLES } from './plan-types.ts';
import { playbookSteps } from './playbooks.ts';

export type * from './plan-types.ts';
export { PLAYBOOK_TITLES } from './plan-types.ts';
export { BASIS_FIELD_NAMES, basisChanged, canonicalJson, planBasis } from './plan-basis.ts';

/** sha256 (hex) over the canonical JSON of playbook + steps + basis: what an approval binds to. */
export const planHash = (playbook: PlaybookId | null, steps: readonly PlanStep[], basis: PlanBasis): string =>
  sha256Hex(canonicalJson({ playbook, steps, basis }));

/** What the facts call for (null: already linked, nothing to do). */
export const choosePlaybook = (facts: MatchFacts): PlaybookId | null => {
  if (facts.adUser === null) return 4;
  if (isLinked(facts)) return null;
  if (activeHolders(facts).duplicates.length > 0) return 2;
  if (facts.cloud.holders.deleted.length > 0) return 3;
  return 1;
};

/**
 * Build the plan for `facts`. `checks` decide `blockedBy` (every block); a blocked plan still lists its
 * steps so a person sees what would happen once the blocker is resolved.
 */
export const buildPlan = (facts: MatchFacts, checks: readonly CheckResult[]): Plan =>
  sealPlan(facts, checks, choosePlaybook(facts));

/**
 * Playbook 5 (clear the cloud user's ImmutableID) is never chosen automatically - the guides call it
 * "not advised" - so it is asked for explicitly.
 */
export const buildClearPlan = (facts: MatchFacts, checks: readonly CheckResult[]): Plan =>
  sealPlan(
    facts,
    // Only what stops the clearing itself matters; the hard-match blockers do not apply to it.
    checks.filter((c) => CLEAR_BLOCKERS.has(c.id)),
    5,
  );

const CLEAR_BLOCKERS: ReadonlySet<CheckId> = new Set<CheckId>(['cloud.already-synced', 'cloud.guest']);

const sealPlan = (facts: MatchFacts, checks: readonly CheckResult[], playbook: PlaybookId | null): Plan => {
  const { steps, summary } = playbookSteps(facts, playbook);
  const basis = planBasis(facts);
  return {
    playbook,
    title: playbook === null ? 'Already linked: nothing to do' : PLAYBOOK_TITLES[playbook],
    summary,
    steps,
    blockedBy: [...new Set(checks.filter((c) => c.severity === 'block').map((c) => c.id))],
    basis,
    hash: planHash(playbook, steps, basis),
  };
};
