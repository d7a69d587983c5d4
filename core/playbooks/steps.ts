/**
 * The step builders the playbooks share (reference/entra-connect.md). Every step says what it changes,
 * what must hold first and how it is undone; a playbook that moves an AD user out of scope always pairs
 * it with the move back, so the job's compensation can never strand a user in the parking OU.
 */
import type { MatchFacts } from '../facts.ts';
import type { CloudUser } from '../models.ts';
import type { ImmutableIdValue, NewOnPremUserSpec, PlanStep, StepAction } from '../plan-types.ts';
import { domainOf, localPartOf } from '../user-values.ts';

/** Shown in a step where a needed OU is not configured (a check blocks the plan then). */
export const UNSET_OU = '(not configured)';

export const show = (v: ImmutableIdValue | null): string =>
  v === null ? 'empty' : typeof v === 'string' ? v : "the new AD user's anchor";

export const deltaSync = (why: string): PlanStep => ({
  kind: 'relay.delta-sync',
  waitForIdle: true,
  changes: `Runs a delta sync on the Entra Connect server and waits for it to finish: ${why}.`,
  precondition: 'Entra Connect is reachable and not in staging mode; a cycle already running is joined.',
  undo: {
    kind: 'none',
    why: 'A sync only carries the directory state across; undoing earlier steps reverts it.',
  },
});

/** The last step of a link: read only, the job's verified result comes from it. */
export const verify = (user: CloudUser, immutableId: ImmutableIdValue, adDn: string | null): PlanStep => ({
  kind: 'cloud.verify-link',
  userId: user.id,
  immutableId,
  adDn,
  changes: `Changes nothing: checks that ${user.userPrincipalName} is now synced and holds ${show(immutableId)}.`,
  precondition: 'The delta sync before it has finished.',
  undo: { kind: 'none', why: 'Read only.' },
});

/** The temporary UPN of the federated workaround: unique per user so it cannot collide with another. */
export const temporaryUpn = (user: CloudUser, initialDomain: string): string =>
  `${localPartOf(user.userPrincipalName).slice(0, 48)}.${user.id.slice(0, 8)}@${initialDomain}`;

/** Whether the cloud user's UPN is in a federated domain (its ImmutableID cannot be set directly). */
export const isFederatedUpn = (facts: MatchFacts): boolean => {
  const d = domainOf(facts.cloud.cloudUser.userPrincipalName);
  return facts.cloud.domains.some((x) => x.id.toLowerCase() === d && x.authenticationType === 'Federated');
};

const setDirectly = (user: CloudUser, to: ImmutableIdValue | null): PlanStep => {
  const from = user.onPremisesImmutableId;
  return {
    kind: 'cloud.set-immutable-id',
    userId: user.id,
    from,
    to,
    changes: `Sets the ImmutableID of ${user.userPrincipalName} from ${show(from)} to ${show(to)}.`,
    precondition: `${user.userPrincipalName} is cloud-only and still holds ${show(from)}; nobody else holds ${show(to)}.`,
    undo: {
      kind: 'step',
      // `from` of the undo is what this step wrote; a value resolved at run time is filled in by the job.
      step: {
        kind: 'cloud.set-immutable-id',
        userId: user.id,
        from: typeof to === 'string' ? to : null,
        to: from,
      },
      changes: `Puts back ${show(from)} - possible only until a sync has linked the users.`,
    },
  };
};

const renameAway = (user: CloudUser, temp: string): PlanStep => ({
  kind: 'cloud.set-upn',
  userId: user.id,
  fromUpn: user.userPrincipalName,
  toUpn: temp,
  changes: `Federated domain workaround: changes the sign-in name ${user.userPrincipalName} to ${temp} for a moment.`,
  precondition: `${user.userPrincipalName} is cloud-only and ${temp} is free.`,
  undo: {
    kind: 'step',
    step: { kind: 'cloud.set-upn', userId: user.id, fromUpn: temp, toUpn: user.userPrincipalName },
    changes: `Changes the sign-in name back to ${user.userPrincipalName}.`,
  },
});

/**
 * Set (or clear) the ImmutableID. For a UPN in a federated domain, through the documented round trip:
 * rename to the initial onmicrosoft.com domain, then rename back setting the ImmutableID in the same PATCH.
 * Clearing cannot ride on the rename (the port sets a value, never null), so it happens in between.
 */
export const setImmutableId = (facts: MatchFacts, to: ImmutableIdValue | null): PlanStep[] => {
  const user = facts.cloud.cloudUser;
  const initial = facts.cloud.domains.find((d) => d.isInitial)?.id ?? null;
  if (!isFederatedUpn(facts) || initial === null) return [setDirectly(user, to)];
  const temp = temporaryUpn(user, initial);
  const back = {
    kind: 'cloud.set-upn',
    userId: user.id,
    fromUpn: temp,
    toUpn: user.userPrincipalName,
  } as const;
  if (to === null) {
    return [
      renameAway(user, temp),
      setDirectly(user, null),
      {
        ...back,
        changes: `Changes the sign-in name back to ${user.userPrincipalName}.`,
        precondition: `The user is named ${temp}.`,
        undo: { kind: 'none', why: 'This completes the workaround; the name is the original again.' },
      },
    ];
  }
  return [
    renameAway(user, temp),
    {
      ...back,
      immutableId: to,
      changes: `Changes the sign-in name back to ${user.userPrincipalName} and sets the ImmutableID to ${show(to)} in the same change.`,
      precondition: `The user is named ${temp}; nobody else holds ${show(to)}.`,
      undo: {
        kind: 'none',
        why: 'Before the next sync, ask to clear the ImmutableID; after the sync has linked the users it cannot be changed from the cloud.',
      },
    },
  ];
};

export const hardDelete = (holder: CloudUser): PlanStep => ({
  kind: 'cloud.hard-delete',
  deletedUserId: holder.id,
  userPrincipalName: holder.userPrincipalName,
  changes: `Permanently deletes the deleted user ${holder.userPrincipalName} from the recycle bin.`,
  precondition: `${holder.userPrincipalName} (${holder.id}) is soft-deleted and still holds the ImmutableID.`,
  undo: { kind: 'irreversible', why: 'A permanently deleted user and its data cannot be restored.' },
});

export const move = (dn: string, from: string, to: string, purpose: 'park' | 'return'): StepAction => ({
  kind: 'ad.move-user',
  dn,
  fromOuDn: from,
  toOuDn: to,
  purpose,
});

/** sAMAccountName rules: at most 20 characters, none of "/\[]:;|=,+*?<>@ and no trailing dot. */
export const samAccountNameFor = (upn: string): string =>
  localPartOf(upn)
    .replace(/["/\\[\]:;|=,+*?<>@\s]/g, '')
    .slice(0, 20)
    .replace(/\.+$/, '');

/** The AD user created for a cloud user that has none: the cloud user's UPN, addresses and alias (guide 001). */
export const newUserSpec = (user: CloudUser, ouDn: string): NewOnPremUserSpec => ({
  ouDn,
  cn: user.displayName ?? localPartOf(user.userPrincipalName),
  samAccountName: samAccountNameFor(user.userPrincipalName),
  userPrincipalName: user.userPrincipalName,
  givenName: null,
  surname: null,
  displayName: user.displayName,
  mail: user.mail,
  // Only address types AD owns; SPO:/EUM: and similar entries are Exchange Online's own bookkeeping.
  proxyAddresses: user.proxyAddresses.filter((p) => /^(smtp|sip|x500):/i.test(p)),
});
