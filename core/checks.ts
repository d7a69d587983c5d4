/**
 * The checks of one match (DESIGN.md step 2): pure functions over MatchFacts, each returning pass, warn
 * or block with an explanation for a helpdesk person and the data behind it. Only `block` stops a request.
 */
import type { MatchFacts } from './facts.ts';
import { ALL_CHECKS } from './checks/all.ts';
import { compareChecks, type CheckResult } from './checks/types.ts';

export type { CheckId, CheckResult, Severity } from './checks/types.ts';
export { CHECK_IDS, compareChecks, worstSeverity } from './checks/types.ts';

/** One check: facts in, zero or more results out (zero when it does not apply, e.g. no AD user). */
export type CheckFn = (facts: MatchFacts) => CheckResult | readonly CheckResult[] | null;

/** Run every check; blocks first, then warnings, then passes (stable by check id). */
export const runChecks = (facts: MatchFacts): CheckResult[] =>
  ALL_CHECKS.flatMap((fn): readonly CheckResult[] => {
    const r = fn(facts);
    if (r === null) return [];
    return isSingle(r) ? [r] : r;
  }).sort(compareChecks);

const isSingle = (r: CheckResult | readonly CheckResult[]): r is CheckResult => 'id' in r;
