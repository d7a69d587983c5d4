/** Reading a pair of users and judging them: the one way every use case gathers facts for a match. */
import { assessMatch, type Assessment } from '../core/assess.ts';
import type { CheckResult } from '../core/checks/types.ts';
import type { MatchFacts } from '../core/facts.ts';
import { gatherMatchFacts } from '../core/gather.ts';
import type { PlanBasis } from '../core/plan-types.ts';
import type { OnPremUserKey } from '../core/ports.ts';
import type { AppContext } from './context.ts';
import type { CheckLine } from './ports.ts';

export interface PairAssessment {
  readonly facts: MatchFacts;
  readonly assessment: Assessment;
}

/** Gather the facts of one pair (AD user null: it has none yet) and assess them. */
export const assessPair = async (
  ctx: AppContext,
  pair: { readonly adUser: OnPremUserKey | null; readonly cloudUser: string },
  correlationId: string,
): Promise<PairAssessment> => {
  const facts = await gatherMatchFacts(ctx, ctx.settings, { ...pair, requestId: correlationId });
  return { facts, assessment: assessMatch(facts) };
};

/** Gather and assess again for the users a plan was built on. */
export const assessBasis = (
  ctx: AppContext,
  basis: PlanBasis,
  correlationId: string,
): Promise<PairAssessment> =>
  assessPair(
    ctx,
    {
      adUser: basis.adObjectGuid === null ? null : { kind: 'guid', value: basis.adObjectGuid },
      cloudUser: basis.cloudUserId,
    },
    correlationId,
  );

const ICON = { block: '✖', warn: '⚠', pass: '✔' } as const;

/** The checks as the request's card lists them: blocks and warnings first. */
export const checkLines = (checks: readonly CheckResult[]): CheckLine[] =>
  [...checks]
    .sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'pass' ? 1 : -1))
    .map((c) => ({ icon: ICON[c.severity], title: c.title }));
