/**
 * Thin adapters from the sandbox's directories to the simulator's narrow targets: the Graph simulator's
 * in-process SimTenant (cloud) and any OnPremDirectory, e.g. the in-memory directory (AD). The tenant
 * enforces Graph's own rules (uniqueness, UPN resiliency); the simulator decides which match happens.
 */
import type { OnPremUser } from '../../core/models.ts';
import type { OnPremDirectory, OnPremUserKey } from '../../core/ports.ts';
import type { SimTenant, SimUser } from '../graph/tenant.ts';
import type { CloudSyncTarget, DirectorySyncSource, SyncCloudUser, SyncedAttributes } from './targets.ts';

const view = (u: SimUser): SyncCloudUser => ({
  id: u.id,
  userPrincipalName: u.userPrincipalName,
  mail: u.mail,
  proxyAddresses: u.proxyAddresses,
  onPremisesImmutableId: u.onPremisesImmutableId,
  onPremisesSyncEnabled: u.onPremisesSyncEnabled,
  onPremisesObjectIdentifier: u.onPremisesObjectIdentifier,
  onPremisesDistinguishedName: u.onPremisesDistinguishedName,
  onPremisesUserPrincipalName: u.onPremisesUserPrincipalName,
  deletedDateTime: u.deletedDateTime,
});

/** The AD domain's DNS name from a DN's DC= components (onPremisesDomainName). */
export const dnsDomainOf = (dn: string): string | null => {
  const parts = dn
    .split(',')
    .filter((p) => /^\s*dc=/i.test(p))
    .map((p) => p.split('=')[1]?.trim() ?? '');
  return parts.length === 0 ? null : parts.join('.').toLowerCase();
};

const forSync = (ad: SyncedAttributes) => ({ ...ad, domainName: dnsDomainOf(ad.distinguishedName) });
/** Runs a synchronous tenant write as a promise, so a SimTenantError becomes a rejection. */
const write = <T>(fn: () => T): Promise<T> => new Promise((resolve) => resolve(fn()));

/** The Graph simulator's tenant as Entra Connect's AAD connector sees it. */
export const simTenantTarget = (tenant: SimTenant): CloudSyncTarget => ({
  listActiveUsers: () => Promise.resolve(tenant.listUsers().map(view)),
  listDeletedUsers: () => Promise.resolve(tenant.listDeletedUsers().map(view)),
  getSyncFeatures: () => Promise.resolve(tenant.getSyncFeatures()),
  listDomains: () => Promise.resolve(tenant.listDomains()),
  isPrivileged: (id) => Promise.resolve(tenant.hasPrivilegedRole(id)),
  linkUser: (id, ad) => write(() => void tenant.linkUser(id, forSync(ad))),
  updateSyncedUser: (id, ad) => write(() => void tenant.linkUser(id, forSync(ad))),
  restoreUser: (id, ad) =>
    write(() => {
      tenant.restoreUser(id);
      tenant.linkUser(id, forSync(ad));
    }),
  createSyncedUser: (ad) => write(() => view(tenant.createSyncedUser(forSync(ad)))),
  softDeleteUser: (id) => write(() => void tenant.softDeleteUser(id)),
  setLastSyncDateTime: (iso, passwordSync) =>
    write(() => void tenant.recordSyncCycle({ at: iso.replace(/\.\d{3}Z$/, 'Z'), passwordSync })),
  recordPasswordSync: (iso) => write(() => void tenant.recordPasswordSync(iso.replace(/\.\d{3}Z$/, 'Z'))),
});

/** A directory that can also take Connect's mS-DS-ConsistencyGuid write-back (the in-memory one can). */
export type WritableDirectory = OnPremDirectory & {
  setConsistencyGuid?(key: OnPremUserKey, value: string | null): unknown;
};

/** Any OnPremDirectory as the AD connector's source. */
export const directorySource = (directory: WritableDirectory): DirectorySyncSource => {
  const source: DirectorySyncSource = {
    listUsersInOu: (ou) => directory.listUsersInOu(ou),
    getUserByDn: (dn): Promise<OnPremUser | null> => directory.getUser({ kind: 'dn', value: dn }),
  };
  const writeGuid = directory.setConsistencyGuid?.bind(directory);
  return writeGuid === undefined
    ? source
    : {
        ...source,
        writeConsistencyGuid: async (dn, value) => void (await writeGuid({ kind: 'dn', value: dn }, value)),
      };
};
