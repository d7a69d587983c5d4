/**
 * Readings of MatchFacts shared by several checks and by playbook selection, so both always agree on
 * what "linked", "duplicate" and "holder" mean.
 */
import { sameDn } from '../dn.ts';
import type { MatchFacts } from '../facts.ts';
import type { CloudUser, OnPremUser, Unread } from '../models.ts';
import { sameText } from '../user-values.ts';

/** The cloud user is synced and holds this AD user's anchor: the link already exists. */
export const isLinked = (facts: MatchFacts): boolean =>
  facts.adUser !== null &&
  facts.cloud.cloudUser.onPremisesSyncEnabled === true &&
  facts.cloud.cloudUser.onPremisesImmutableId === facts.immutableId;

/** Whether a synced cloud user's on-premises attributes name this AD user (DN or sAMAccountName). */
export const pointsAt = (user: CloudUser, ad: OnPremUser): boolean =>
  sameDn(user.onPremisesDistinguishedName, ad.dn) ||
  sameText(user.onPremisesSamAccountName, ad.samAccountName);

const knowsOrigin = (user: CloudUser): boolean =>
  user.onPremisesDistinguishedName !== null || user.onPremisesSamAccountName !== null;

/**
 * Whether a (synced or once-synced) holder of the anchor came from this AD user. It carries this AD user's
 * anchor, so without contrary evidence (on-premises DN and sAMAccountName naming another account) it did.
 */
export const isOwnSync = (holder: CloudUser, ad: OnPremUser | null): boolean =>
  ad === null || !knowsOrigin(holder) || pointsAt(holder, ad);

export interface ActiveHolders {
  /** Synced users holding the anchor that are this AD user's own sync (user@tenant.onmicrosoft.com). */
  readonly duplicates: readonly CloudUser[];
  /** Synced users holding the anchor whose on-premises attributes name another AD account. */
  readonly foreign: readonly CloudUser[];
  /** Cloud-only users (never or no longer synced) holding the anchor. */
  readonly cloudOnly: readonly CloudUser[];
}

/** The active holders of the anchor other than the chosen cloud user, by kind. */
export const activeHolders = (facts: MatchFacts): ActiveHolders => {
  const others = facts.cloud.holders.active.filter((h) => h.id !== facts.cloud.cloudUser.id);
  const synced = others.filter((h) => h.onPremisesSyncEnabled === true);
  const ad = facts.adUser;
  const isOwn = (h: CloudUser): boolean => isOwnSync(h, ad);
  return {
    duplicates: synced.filter(isOwn),
    foreign: synced.filter((h) => !isOwn(h)),
    cloudOnly: others.filter((h) => h.onPremisesSyncEnabled !== true),
  };
};

/**
 * Synced cloud users that name this AD user but hold a different ImmutableID: Entra Connect anchors on
 * something else than the configured source anchor (objectGUID vs mS-DS-ConsistencyGuid).
 */
export const anchorMismatches = (facts: MatchFacts): CloudUser[] => {
  const ad = facts.adUser;
  if (ad === null) return [];
  const seen = new Map<string, CloudUser>();
  for (const u of [
    ...facts.cloud.holders.active,
    ...facts.cloud.softMatchCandidates,
    facts.cloud.cloudUser,
  ]) {
    if (u.onPremisesSyncEnabled === true && u.onPremisesImmutableId !== facts.immutableId && pointsAt(u, ad))
      seen.set(u.id, u);
  }
  return [...seen.values()];
};

export const describeUser = (u: CloudUser): string =>
  `${u.userPrincipalName} (${u.displayName ?? 'no name'})`;

/** A compact JSON-safe view of a cloud user for check data. */
export const userData = (u: CloudUser): Record<string, unknown> => ({
  id: u.id,
  userPrincipalName: u.userPrincipalName,
  displayName: u.displayName,
  onPremisesImmutableId: u.onPremisesImmutableId,
  onPremisesSyncEnabled: u.onPremisesSyncEnabled,
  onPremisesDistinguishedName: u.onPremisesDistinguishedName,
  deletedDateTime: u.deletedDateTime,
});

/** Why a fact could not be read, as a check quotes it. */
export const unreadReason = (u: Unread): string => `${u.message.replace(/\.$/, '')} [${u.code}]`;
