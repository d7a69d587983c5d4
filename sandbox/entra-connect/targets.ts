/**
 * What the Entra Connect simulator needs from the two directories it connects - and nothing more. The
 * sandbox wires these to the Graph simulator's SimTenant and the in-memory AD (adapters.ts); a test may
 * hand-write them. Names follow Graph and AD so the rules in sync-engine.ts read like the documentation.
 */
import type { OnPremUser, TenantSyncFeatures } from '../../core/models.ts';

/** A cloud user as the sync engine sees it (active or soft-deleted). */
export interface SyncCloudUser {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly mail: string | null;
  readonly proxyAddresses: readonly string[];
  readonly onPremisesImmutableId: string | null;
  /** true: synced now; false: was synced once; null: cloud-only. */
  readonly onPremisesSyncEnabled: boolean | null;
  readonly onPremisesObjectIdentifier: string | null;
  readonly onPremisesDistinguishedName: string | null;
  readonly onPremisesUserPrincipalName: string | null;
  readonly deletedDateTime: string | null;
}

/**
 * What Connect exports for an AD user (the attribute flow of the default rules, reduced). The UPN is AD's:
 * the tenant applies duplicate-attribute resiliency (a taken or unverified UPN becomes
 * `prefix@<initial domain>`), as Entra does.
 */
export interface SyncedAttributes {
  readonly immutableId: string;
  readonly objectGuid: string;
  readonly distinguishedName: string;
  readonly samAccountName: string;
  readonly userPrincipalName: string;
  readonly displayName: string | null;
  readonly givenName: string | null;
  readonly surname: string | null;
  readonly mail: string | null;
  readonly proxyAddresses: readonly string[];
  readonly accountEnabled: boolean;
}

/** The cloud side: the tenant as Entra Connect's AAD connector reads and writes it. */
export interface CloudSyncTarget {
  listActiveUsers(): Promise<readonly SyncCloudUser[]>;
  listDeletedUsers(): Promise<readonly SyncCloudUser[]>;
  getSyncFeatures(): Promise<TenantSyncFeatures>;
  /** Domain names with whether each is verified and which one is the initial `*.onmicrosoft.com`. */
  listDomains(): Promise<
    readonly { readonly id: string; readonly isInitial: boolean; readonly isVerified: boolean }[]
  >;
  /** Holds or is eligible for a privileged directory role (2026 hardening, soft-match admin rule). */
  isPrivileged(userId: string): Promise<boolean>;
  /** Hard or soft match: the cloud user becomes synced from `ad` (ImmutableID stamped, attributes flow). */
  linkUser(userId: string, ad: SyncedAttributes): Promise<void>;
  /** Attribute flow onto an already linked user. */
  updateSyncedUser(userId: string, ad: SyncedAttributes): Promise<void>;
  /** A soft-deleted user that holds the anchor comes back (recycle-bin restore). */
  restoreUser(deletedUserId: string, ad: SyncedAttributes): Promise<void>;
  createSyncedUser(ad: SyncedAttributes): Promise<SyncCloudUser>;
  softDeleteUser(userId: string): Promise<void>;
  /** The end of a cycle: the tenant's last sync time, and its last password sync when that reported too. */
  setLastSyncDateTime(iso: string, passwordSync: boolean): Promise<void>;
  /** Password hash sync reported (after the service restart that cleared a stalled heartbeat). */
  recordPasswordSync(iso: string): Promise<void>;
}

/** The AD side: the AD connector's view of the directory. */
export interface DirectorySyncSource {
  /** Every user of an OU, its children included. */
  listUsersInOu(ouDn: string): AsyncIterable<OnPremUser>;
  getUserByDn(dn: string): Promise<OnPremUser | null>;
  /**
   * Connect writes objectGUID into an empty mS-DS-ConsistencyGuid (when that is the anchor). Optional:
   * without it the anchor value is the same, only the AD attribute stays empty.
   */
  writeConsistencyGuid?(dn: string, immutableId: string): Promise<void>;
}
