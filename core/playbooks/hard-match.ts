/**
 * Hard match (reference/entra-connect.md): set the AD user's anchor as the cloud user's ImmutableID
 * (through the federated-domain round trip when needed), sync, verify. The fallback of the automatic
 * choice: it applies whenever there is an AD account and the users are not linked yet.
 */
import { isLinked } from '../checks/derive.ts';
import type { MatchFacts } from '../facts.ts';
import type { PlanStep } from '../plan-types.ts';
import { LINKING } from './match-common.ts';
import { deltaSync, setImmutableId, verify } from './steps.ts';
import type { Playbook, PlaybookDraft } from './types.ts';

/** The hard match's steps after `before` (another playbook's clearing steps), and what they do. */
export const linkDraft = (facts: MatchFacts, before: readonly PlanStep[]): PlaybookDraft => {
  const { adUser: ad, immutableId: anchor } = facts;
  const user = facts.cloud.cloudUser;
  const upn = user.userPrincipalName;
  if (ad === null || anchor === null)
    return { steps: [], summary: `${upn} is already synced from this AD account. Nothing to do.` };
  const alreadySet = user.onPremisesImmutableId === anchor;
  return {
    steps: [
      ...before,
      ...(alreadySet ? [] : setImmutableId(facts, anchor)),
      deltaSync(`Entra links ${ad.samAccountName} to ${upn}`),
      verify(user, anchor, ad.dn),
    ],
    summary: alreadySet
      ? `${upn} already holds the ImmutableID of ${ad.samAccountName}; a sync links them.`
      : `Set the ImmutableID of ${ad.samAccountName} on ${upn} and sync.`,
  };
};

/** There is an AD account to link and the users are not linked yet. */
export const needsLink = (facts: MatchFacts): boolean => facts.adUser !== null && !isLinked(facts);

export const hardMatch: Playbook = {
  ...LINKING,
  name: 'hard-match',
  title: 'Hard match',
  appliesTo: needsLink,
  build: ({ facts }) => linkDraft(facts, []),
};
