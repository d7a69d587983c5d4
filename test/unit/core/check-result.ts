// One check's result for a set of facts, as the check tests read it.
import { runChecks, type CheckId, type CheckResult } from '../../../core/checks.ts';
import type { MatchFacts } from '../../../core/facts.ts';

export const result = (facts: MatchFacts, id: CheckId): CheckResult | undefined =>
  runChecks(facts).find((c) => c.id === id);

export const severity = (facts: MatchFacts, id: CheckId): string | undefined => result(facts, id)?.severity;
