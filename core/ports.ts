/**
 * The ports: what the core needs from the world, named for the capability and speaking domain types.
 * Connectors implement them (LDAP, Graph, relay, storage); the sandbox and the tests provide in-memory
 * versions. Every method either returns domain values or throws a DomainError with a stable code.
 */
import type {
  CloudFact,
  CloudUser,
  ImmutableId,
  OnPremUser,
  OrganizationSyncStatus,
  RoleAssignment,
  RunProfileResult,
  SchedulerStatus,
  ServerInfo,
  SingleObjectSyncResult,
  SyncCredentialInfo,
  SyncScope,
  TenantDomain,
  TenantSyncFeatures,
  Unread,
} from './models.ts';

/** How a person names an AD user: the connector resolves exactly this key, no guessing. */
export type OnPremUserKey =
  | { readonly kind: 'dn'; readonly value: string }
  | { readonly kind: 'sam'; readonly value: string }
  | { readonly kind: 'upn'; readonly value: string }
  | { readonly kind: 'guid'; readonly value: string };

/** Attributes for creating an AD user from a cloud user (the create-ad-account playbook). */
export interface NewOnPremUser {
  readonly ouDn: string;
  readonly cn: string;
  readonly samAccountName: string;
  readonly userPrincipalName: string;
  readonly givenName: string | null;
  readonly surname: string | null;
  readonly displayName: string | null;
  readonly mail: string | null;
  readonly proxyAddresses: readonly string[];
  /** Set over LDAPS only; without it the account is created disabled. Never logged. */
  readonly password: string | null;
}

/** On-premises Active Directory. */
export interface OnPremDirectory {
  /** Type-ahead: prefix match on displayName / sAMAccountName / UPN / mail, built-in accounts excluded. */
  searchUsers(prefix: string, limit: number): Promise<readonly OnPremUser[]>;
  /** Exactly one user by the given key, or null when there is none. */
  getUser(key: OnPremUserKey): Promise<OnPremUser | null>;
  /** Every user of an OU (subtree), paged under the hood. */
  listUsersInOu(ouDn: string): AsyncIterable<OnPremUser>;
  /** Move a user to another OU (modifyDN); returns the user at its new DN. */
  moveUser(dn: string, targetOuDn: string): Promise<OnPremUser>;
  createUser(spec: NewOnPremUser): Promise<OnPremUser>;
  /** Whether an OU (or container) exists. */
  ouExists(ouDn: string): Promise<boolean>;
}

/** The receipt of a directory write, kept in the audit log. */
export interface WriteReceipt {
  /** Graph's request-id (or the relay's), for support. */
  readonly requestId: string | null;
}

/** Soft-deleted and active holders of one ImmutableID. */
export interface ImmutableIdHolders {
  readonly active: readonly CloudUser[];
  readonly deleted: readonly CloudUser[];
}

/**
 * Everything one conflict check needs from the cloud, gathered in as few round trips as Graph allows.
 * A read Graph refused (a permission missing, no /beta, app-only not supported) does not fail the whole
 * context: it is named in `unread`, and its fields read as empty/null - which the checks must never
 * take for a pass.
 */
export interface CloudMatchContext {
  /** `onPremisesObjectIdentifier` is read from Graph's beta surface; null when absent or unread. */
  readonly cloudUser: CloudUser;
  readonly holders: ImmutableIdHolders;
  /** Active and eligible roles, direct and through role-assignable groups. */
  readonly roles: readonly RoleAssignment[];
  readonly domains: readonly TenantDomain[];
  /** null when the tenant would not tell us (app-only read of the features is not guaranteed). */
  readonly features: TenantSyncFeatures | null;
  /** Cloud users that a plain sync would soft-match the AD user onto (same UPN or primary SMTP). */
  readonly softMatchCandidates: readonly CloudUser[];
  /** The facts that could not be read, and why (absent: read). */
  readonly unread: Readonly<Partial<Record<CloudFact, Unread>>>;
  /**
   * Whether the tenant has Entra ID P2 (PIM): false when Graph answered AadPremiumLicenseRequired - then
   * no eligible assignment can exist; null when unknown.
   */
  readonly entraIdP2: boolean | null;
}

/** Microsoft Entra ID through Microsoft Graph. */
export interface CloudDirectory {
  /** Type-ahead: prefix on displayName / UPN / mail; cloud-only users first. */
  searchUsers(prefix: string, limit: number): Promise<readonly CloudUser[]>;
  /** An active user by object id or UPN, with the on-premises attributes; null when absent. */
  getUser(idOrUpn: string): Promise<CloudUser | null>;
  /** A soft-deleted user by object id; null when absent. */
  getDeletedUser(id: string): Promise<CloudUser | null>;
  findImmutableIdHolders(immutableId: ImmutableId): Promise<ImmutableIdHolders>;
  /**
   * One conflict check's reads. `match` carries the AD user's UPN and primary SMTP address for the
   * soft-match prediction. Without an ImmutableID (no AD user yet: one is to be created) no holders or
   * soft-match candidates are looked up. Throws CLOUD.NOT_FOUND for an unknown cloud user.
   */
  getMatchContext(
    cloudUserIdOrUpn: string,
    immutableId: ImmutableId | null,
    match: { readonly userPrincipalName: string | null; readonly primarySmtp: string | null },
  ): Promise<CloudMatchContext>;
  listDomains(): Promise<readonly TenantDomain[]>;
  /** null when the tenant would not tell the app (app-only reads are not guaranteed). */
  getSyncFeatures(): Promise<TenantSyncFeatures | null>;
  getOrganizationSyncStatus(): Promise<OrganizationSyncStatus>;
  listUsersWithProvisioningErrors(): Promise<readonly CloudUser[]>;
  isMemberOfGroup(userId: string, groupId: string): Promise<boolean>;
  /** Set (or clear, with null) onPremisesImmutableId on a cloud-only user. */
  setImmutableId(userId: string, value: ImmutableId | null): Promise<WriteReceipt>;
  /** Change the UPN, optionally setting the ImmutableID in the same PATCH (federated workaround). */
  setUserPrincipalName(userId: string, upn: string, immutableId?: ImmutableId): Promise<WriteReceipt>;
  /** Permanently delete a soft-deleted user. Irreversible. */
  permanentlyDeleteUser(deletedUserId: string): Promise<WriteReceipt>;
  /**
   * Restore a soft-deleted user from the recycle bin (same object id). A previously synced user comes
   * back cloud-only and keeps its ImmutableID. CLOUD.RESTORE_CONFLICT when an active object took its UPN
   * or a proxy address meanwhile.
   */
  restoreDeletedUser(deletedUserId: string): Promise<WriteReceipt>;
}

export interface DeltaSyncStart {
  /** true when a new cycle was started; false when the request joined a cycle already running. */
  readonly started: boolean;
  readonly joined: boolean;
}

export interface SyncProgress {
  readonly elapsedMs: number;
  readonly scheduler: SchedulerStatus;
}

/** Entra Connect on its server, through the relay agent. `requestId` says who asked (audit). */
export interface SyncRelay {
  startDeltaSync(requestId: string): Promise<DeltaSyncStart>;
  getSchedulerStatus(requestId: string): Promise<SchedulerStatus>;
  /** Resolves when no cycle runs; throws RELAY.TIMEOUT after `timeoutMs`. */
  waitUntilIdle(
    requestId: string,
    timeoutMs: number,
    onProgress?: (p: SyncProgress) => void,
  ): Promise<SchedulerStatus>;
  getLastRunResults(requestId: string, count: number): Promise<readonly RunProfileResult[]>;
  syncSingleObject(requestId: string, distinguishedName: string): Promise<SingleObjectSyncResult>;
  getSyncScope(requestId: string): Promise<SyncScope>;
  restartSyncService(requestId: string): Promise<void>;
  /** The Entra Connect version and the server's clock (doctor, the version alert). */
  getServerInfo(requestId: string): Promise<ServerInfo>;
  /** How Entra Connect signs in to Entra ID, and its certificate's expiry where readable (the alerts). */
  getSyncCredential(requestId: string): Promise<SyncCredentialInfo>;
}

/** A stored document and its version tag (optimistic concurrency). */
export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}

/**
 * Durable state with optimistic concurrency. `put` with `etag: null` creates and fails with
 * STORE.CONFLICT if the key exists; with an etag it replaces only that version.
 */
export interface Store {
  get<T>(key: string): Promise<Versioned<T> | null>;
  put<T>(key: string, value: T, etag: string | null): Promise<string>;
  delete(key: string, etag?: string): Promise<void>;
  list<T>(prefix: string): Promise<readonly (Versioned<T> & { readonly key: string })[]>;
  /**
   * The keys under `prefix`, in key order, without reading the documents: what index queries use, so
   * their cost follows the size of the index, not of the store.
   */
  keys(prefix: string): Promise<readonly string[]>;
}

export interface AuditEntry {
  readonly action: string;
  /** Who acted: a person's Entra object id, 'system', or the job runner's owner. */
  readonly actor: string;
  /**
   * The acting person's display name as the Teams activity gave it when the entry was written, for
   * people to read; `actor` stays the identifier. Absent in older entries and for non-persons.
   */
  readonly actorName?: string;
  readonly requestId: string | null;
  readonly target: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly vendorRequestId?: string | null;
  readonly outcome: 'ok' | 'failed' | 'refused';
  readonly message?: string;
}

export interface AuditRecord extends AuditEntry {
  readonly id: string;
  readonly at: string;
}

/** Append-only record of who did what. */
export interface AuditLog {
  append(entry: AuditEntry): Promise<AuditRecord>;
  recent(limit: number): Promise<readonly AuditRecord[]>;
}

export interface Clock {
  now(): Date;
}
