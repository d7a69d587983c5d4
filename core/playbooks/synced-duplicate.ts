/**
 * The AD account already synced as a second cloud user (guide 000's user@tenant.onmicrosoft.com): park
 * the AD account outside the sync scope so Entra soft-deletes the duplicate, delete it permanently, set
 * the ImmutableID on the chosen user, bring the AD account back and sync.
 */
import { activeHolders } from '../checks/derive.ts';
import { movedDn, parentDn } from '../dn.ts';
import type { MatchFacts } from '../facts.ts';
import type { PlanStep } from '../plan-types.ts';
import { needsLink } from './hard-match.ts';
import { LINKING } from './match-common.ts';
import { UNSET_OU, deltaSync, hardDelete, move, setImmutableId, verify } from './steps.ts';
import type { Playbook, PlaybookDraft } from './types.ts';

const draft = (facts: MatchFacts): PlaybookDraft => {
  const { adUser: ad, immutableId: anchor } = facts;
  const user = facts.cloud.cloudUser;
  const duplicate = activeHolders(facts).duplicates[0];
  if (ad === null || anchor === null || duplicate === undefined)
    return {
      steps: [],
      summary: `${user.userPrincipalName} is already synced from this AD account. Nothing to do.`,
    };
  const home = parentDn(ad.dn);
  const parking = facts.parkingOuDn ?? UNSET_OU;
  const parkedDn = movedDn(ad.dn, parking);
  const steps: PlanStep[] = [
    {
      ...move(ad.dn, home, parking, 'park'),
      changes: `Moves the AD account ${ad.samAccountName} to the non-synced OU ${parking}.`,
      precondition: `The AD account is at ${ad.dn}; ${parking} exists and is outside the sync scope.`,
      undo: {
        kind: 'step',
        step: move(parkedDn, parking, home, 'return'),
        changes: `Moves the AD account back to ${home}.`,
      },
    },
    deltaSync(`Entra soft-deletes the duplicate ${duplicate.userPrincipalName}`),
    {
      kind: 'cloud.confirm-soft-deleted',
      userId: duplicate.id,
      userPrincipalName: duplicate.userPrincipalName,
      changes: `Changes nothing: confirms ${duplicate.userPrincipalName} is now in deleted users.`,
      precondition: 'The delta sync before it has finished.',
      undo: { kind: 'none', why: 'Read only.' },
    },
    hardDelete(duplicate),
    ...facts.cloud.holders.deleted.map(hardDelete),
    ...setImmutableId(facts, anchor),
    {
      ...move(parkedDn, parking, home, 'return'),
      changes: `Moves the AD account ${ad.samAccountName} back to ${home}.`,
      precondition: `The AD account is at ${parkedDn}.`,
      undo: { kind: 'none', why: 'This is the compensation of the park step; it is never undone.' },
    },
    deltaSync(`Entra links ${ad.samAccountName} to ${user.userPrincipalName}`),
    verify(user, anchor, ad.dn),
  ];
  return {
    steps,
    summary: `${ad.samAccountName} already synced as a second cloud user. Park the AD account outside the sync, remove the duplicate, set the ImmutableID on ${user.userPrincipalName}, bring the AD account back and sync.`,
  };
};

export const syncedDuplicate: Playbook = {
  ...LINKING,
  name: 'synced-duplicate',
  title: 'Replace the synced duplicate, then hard match',
  appliesTo: (facts) => needsLink(facts) && activeHolders(facts).duplicates.length > 0,
  build: ({ facts }) => draft(facts),
};
