/**
 * What Entra Connect's export writes on a cloud user for an AD object: a blank user record to start
 * from, the on-premises attributes, and the duplicate-attribute resiliency of real sync (a UPN that is
 * taken or not in a verified domain becomes `<prefix>@<initial domain>`; a taken proxy address is
 * dropped), each conflict recorded as a provisioning error. SimTenant (tenant.ts) calls these for
 * createSyncedUser and linkUser; uniqueness of the anchor stays its job.
 */
import type { AdObjectForSync, SimProvisioningError } from './tenant-types.ts';
import { domainOf, prefixOf, lower, type UserIndex, type UserRecord } from './user-index.ts';

/** What the stamping reads of the tenant. */
export interface StampContext {
  readonly users: UserIndex;
  readonly initialDomain: string;
  readonly isVerifiedDomain: (domain: string) => boolean;
  /** The tenant clock as Graph's ISO string. */
  readonly nowIso: () => string;
}

/** A user record with every property Graph has, set to what a fresh cloud-only user has. */
export const blankUser = (id: string, upn: string, createdDateTime: string): UserRecord => ({
  id: lower(id),
  userPrincipalName: upn,
  displayName: null,
  givenName: null,
  surname: null,
  mail: null,
  mailNickname: prefixOf(upn),
  proxyAddresses: [],
  accountEnabled: true,
  createdDateTime,
  onPremisesImmutableId: null,
  onPremisesSyncEnabled: null,
  onPremisesLastSyncDateTime: null,
  onPremisesDistinguishedName: null,
  onPremisesSamAccountName: null,
  onPremisesUserPrincipalName: null,
  onPremisesDomainName: null,
  onPremisesObjectIdentifier: null,
  onPremisesProvisioningErrors: [],
  deletedDateTime: null,
});

const resilientUpn = (
  c: StampContext,
  wanted: string,
  selfId: string | undefined,
  errors: SimProvisioningError[],
): string => {
  const verified = c.isVerifiedDomain(domainOf(wanted));
  const free = (upn: string): boolean => {
    const holder = c.users.upnHolder(upn);
    return holder === undefined || holder === selfId;
  };
  if (verified && free(wanted)) return wanted;
  const prefix = prefixOf(wanted);
  let candidate = `${prefix}@${c.initialDomain}`;
  // Real sync appends four random digits; a fixed walk keeps the simulator deterministic.
  for (let n = 0; !free(candidate); n++) {
    candidate = `${prefix}${String(1000 + ((n * 7919) % 9000))}@${c.initialDomain}`;
  }
  if (verified) {
    errors.push({
      category: 'PropertyConflict',
      occurredDateTime: c.nowIso(),
      propertyCausingError: 'UserPrincipalName',
      value: wanted,
    });
  }
  return candidate;
};

const stampAttributes = (
  c: StampContext,
  user: UserRecord,
  ad: AdObjectForSync,
  errors: SimProvisioningError[],
): void => {
  const now = c.nowIso();
  user.onPremisesImmutableId = ad.immutableId;
  user.onPremisesSyncEnabled = true;
  user.onPremisesLastSyncDateTime = now;
  user.onPremisesDistinguishedName = ad.distinguishedName;
  user.onPremisesSamAccountName = ad.samAccountName;
  user.onPremisesUserPrincipalName = ad.userPrincipalName;
  user.onPremisesDomainName = ad.domainName ?? null;
  user.onPremisesObjectIdentifier = ad.objectGuid ?? null;
  user.displayName = ad.displayName ?? user.displayName;
  user.givenName = ad.givenName ?? user.givenName;
  user.surname = ad.surname ?? user.surname;
  user.mail = ad.mail ?? user.mail;
  user.mailNickname = ad.samAccountName;
  user.accountEnabled = ad.accountEnabled ?? true;
  if (ad.proxyAddresses === undefined) return;
  user.proxyAddresses = ad.proxyAddresses.filter((p) => {
    const holder = c.users.proxyHolder(p);
    if (holder === undefined || holder === user.id) return true;
    errors.push({
      category: 'PropertyConflict',
      occurredDateTime: now,
      propertyCausingError: 'ProxyAddress',
      value: p,
    });
    return false;
  });
};

/**
 * Stamp `ad` on `user` (taken out of the indexes by the caller): the resilient UPN, the on-premises
 * attributes and AD's values, and the provisioning errors of this export (replacing earlier ones).
 * `selfId`: the user's own id when it already exists, so its own UPN does not count as taken.
 */
export const stampFromAd = (
  c: StampContext,
  user: UserRecord,
  ad: AdObjectForSync,
  selfId: string | undefined,
): void => {
  const errors: SimProvisioningError[] = [];
  user.userPrincipalName = resilientUpn(c, ad.userPrincipalName, selfId, errors);
  stampAttributes(c, user, ad, errors);
  user.onPremisesProvisioningErrors = errors;
};
