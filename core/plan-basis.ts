/**
 * The plan basis: the fact values an approved plan relies on, and the comparison that tells an approval
 * "something it was based on changed". Volatile facts that do not change the plan's meaning (a sync
 * cycle running, gathering time) are deliberately left out, so they never invalidate an approval.
 */
import { createHash } from 'node:crypto';
import { activeHolders, anchorMismatches, isOwnSync } from './checks/derive.ts';
import type { MatchFacts } from './facts.ts';
import type { PlanBasis, PlanStep, PlaybookName } from './plan-types.ts';
import { scopeOf } from './scope.ts';
import { domainOf } from './user-values.ts';

/** Human names of the basis fields, for "approval is stale because: ..." messages. */
export const BASIS_FIELD_NAMES: Readonly<Record<keyof PlanBasis, string>> = {
  sourceAnchor: 'configured source anchor',
  adDn: 'AD user location (DN)',
  adObjectGuid: 'AD user objectGUID',
  adImmutableId: "AD user's ImmutableID (source anchor)",
  adEnabled: 'AD account enabled',
  adUserPrincipalName: 'AD user UPN',
  adCriticalSystemObject: 'AD account is a built-in system account',
  cloudUserId: 'cloud user',
  cloudUserPrincipalName: 'cloud user UPN',
  cloudImmutableId: "cloud user's ImmutableID",
  cloudSyncEnabled: 'cloud user sync state',
  cloudObjectIdentifier: "cloud user's onPremisesObjectIdentifier",
  cloudUpnDomainAuth: "cloud UPN domain's authentication (managed/federated)",
  initialDomain: "tenant's initial onmicrosoft.com domain",
  activeHolderIds: 'active users holding the ImmutableID',
  deletedHolderIds: 'deleted users holding the ImmutableID',
  syncedDuplicateIds: "AD user's synced duplicates",
  foreignHolderIds: 'holders of the ImmutableID synced from another AD account',
  anchorMismatchIds: 'synced users of this AD account with another ImmutableID',
  privilegedRoleIds: "cloud user's admin roles",
  takeoverBlockEnabled: "tenant's hard-match takeover block",
  stagingMode: 'Entra Connect staging mode',
  adInSyncScope: "AD user's sync scope",
  parkingOuDn: 'configured parking OU',
  parkingOuInSyncScope: "parking OU's sync scope",
  newUserOuDn: 'configured OU for new AD users',
  newUserOuInSyncScope: 'sync scope of the OU for new AD users',
  adCollisionDns: "AD accounts already using the new account's names",
  unreadFacts: 'facts that could not be read',
};

const sortedIds = (users: readonly { readonly id: string }[]): string[] => users.map((u) => u.id).sort();

/** The basis of a plan made from `facts`. Equal facts give an equal (deep-equal) basis. */
export const planBasis = (facts: MatchFacts): PlanBasis => {
  const { adUser, cloud } = facts;
  const user = cloud.cloudUser;
  const upnDomain = domainOf(user.userPrincipalName);
  const domain = cloud.domains.find((d) => d.id.toLowerCase() === upnDomain);
  const initial = cloud.domains.find((d) => d.isInitial);
  const holders = activeHolders(facts);
  const inScope = (dn: string | null | undefined): boolean | null =>
    dn === null || dn === undefined || facts.syncScope === null ? null : scopeOf(dn, facts.syncScope).inScope;
  const unread = Object.keys(cloud.unread).sort();
  return {
    sourceAnchor: facts.sourceAnchor,
    adDn: adUser?.dn ?? null,
    adObjectGuid: adUser?.objectGuid ?? null,
    adImmutableId: facts.immutableId,
    adEnabled: adUser?.enabled ?? null,
    adUserPrincipalName: adUser?.userPrincipalName ?? null,
    adCriticalSystemObject: adUser?.isCriticalSystemObject ?? null,
    cloudUserId: user.id,
    cloudUserPrincipalName: user.userPrincipalName,
    cloudImmutableId: user.onPremisesImmutableId,
    cloudSyncEnabled: user.onPremisesSyncEnabled,
    cloudObjectIdentifier: user.onPremisesObjectIdentifier,
    cloudUpnDomainAuth: domain?.authenticationType ?? null,
    initialDomain: initial?.id ?? null,
    activeHolderIds: sortedIds(cloud.holders.active),
    deletedHolderIds: sortedIds(cloud.holders.deleted),
    syncedDuplicateIds: sortedIds(holders.duplicates),
    foreignHolderIds: sortedIds([
      ...holders.foreign,
      ...cloud.holders.deleted.filter((u) => !isOwnSync(u, adUser)),
    ]),
    anchorMismatchIds: sortedIds(anchorMismatches(facts)),
    privilegedRoleIds: [...new Set(cloud.roles.map((r) => `${r.kind}:${r.roleTemplateId}`))].sort(),
    takeoverBlockEnabled: cloud.features?.blockCloudObjectTakeoverThroughHardMatchEnabled ?? null,
    stagingMode: facts.scheduler?.stagingModeEnabled ?? null,
    adInSyncScope: inScope(adUser?.dn),
    parkingOuDn: facts.parkingOuDn,
    parkingOuInSyncScope: inScope(facts.parkingOuDn),
    newUserOuDn: facts.newUserOuDn ?? null,
    newUserOuInSyncScope: inScope(facts.newUserOuDn),
    adCollisionDns: facts.adCollisions?.map((u) => u.dn).sort() ?? null,
    ...(unread.length === 0 ? {} : { unreadFacts: unread }),
  };
};

/**
 * The human names of the basis fields that differ between `a` (approved) and `b` (now), in a stable
 * order; empty when nothing the plan relies on changed.
 */
export const basisChanged = (a: PlanBasis, b: PlanBasis): string[] =>
  (Object.keys(BASIS_FIELD_NAMES) as (keyof PlanBasis)[])
    .filter((k) => canonicalJson(a[k] ?? null) !== canonicalJson(b[k] ?? null))
    .map((k) => BASIS_FIELD_NAMES[k]);

/** JSON with object keys sorted at every level: equal values always give equal text. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
        )
      : v,
  );

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** sha256 (hex) over the canonical JSON of playbook + steps + basis: what an approval binds to. */
export const planHash = (
  playbook: PlaybookName | null,
  steps: readonly PlanStep[],
  basis: PlanBasis,
): string => sha256Hex(canonicalJson({ playbook, steps, basis }));
