/**
 * A cloud user with no AD account yet (guide 001): create the AD account with the same sign-in name and
 * addresses in the configured synced OU, set its anchor (known only once created) on the cloud user, sync.
 */
import type { PlanStep } from '../plan-types.ts';
import { LINKING } from './match-common.ts';
import { UNSET_OU, deltaSync, newUserSpec, setImmutableId, verify } from './steps.ts';
import type { Playbook } from './types.ts';

export const createAdAccount: Playbook = {
  ...LINKING,
  name: 'create-ad-account',
  title: 'Create the AD user, then hard match',
  appliesTo: (facts) => facts.adUser === null,
  build: ({ facts }) => {
    const user = facts.cloud.cloudUser;
    const spec = newUserSpec(user, facts.newUserOuDn ?? UNSET_OU);
    const anchor = { fromStep: 0 };
    const steps: PlanStep[] = [
      {
        kind: 'ad.create-user',
        spec,
        changes: `Creates the AD account ${spec.samAccountName} (${spec.userPrincipalName}) in ${spec.ouDn}.`,
        precondition: 'No AD account uses this UPN, sAMAccountName or mail yet.',
        undo: {
          kind: 'none',
          why: 'The bot never deletes AD accounts; an administrator deletes it if needed.',
        },
      },
      ...setImmutableId(facts, anchor),
      deltaSync(`Entra links the new AD account to ${user.userPrincipalName}`),
      verify(user, anchor, null),
    ];
    return {
      steps,
      summary: `${user.userPrincipalName} has no AD account. Create one with the same sign-in name and addresses, then link them.`,
    };
  },
};
