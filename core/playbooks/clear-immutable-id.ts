/**
 * Clear the cloud user's ImmutableID so that a later sync can soft-match it. The guides call it "not
 * advised" (hard match is exact), so it is never chosen automatically: it is asked for by name.
 */
import type { CheckId } from '../checks/types.ts';
import { LINKING } from './match-common.ts';
import { doneOutcome } from './outcome.ts';
import { deltaSync, setImmutableId } from './steps.ts';
import type { Playbook } from './types.ts';

export const clearImmutableId: Playbook = {
  ...LINKING,
  name: 'clear-immutable-id',
  title: 'Clear the ImmutableID',
  label: 'Clear',
  // Only what stops the clearing itself; the hard-match blockers (roles, takeover block...) do not apply.
  blockers: new Set<CheckId>(['cloud.already-synced', 'cloud.guest']),
  build: ({ facts }) => {
    const upn = facts.cloud.cloudUser.userPrincipalName;
    if (facts.cloud.cloudUser.onPremisesImmutableId === null)
      return { steps: [], summary: `${upn} has no ImmutableID. Nothing to clear.` };
    return {
      steps: [...setImmutableId(facts, null), deltaSync('a later sync may soft-match the user')],
      summary: `Clear the ImmutableID of ${upn} so that a later sync can soft-match it (not advised: hard match is exact).`,
    };
  },
  outcome: doneOutcome,
};
