/**
 * The users and tenant facts the checks need - exactly those attributes, in domain terms. Connectors map
 * LDAP entries and Graph resources into these; nothing here knows where they came from.
 */

/** Which AD attribute Entra Connect uses as the source anchor. Configuration, never guessed. */
export type SourceAnchor = 'objectGUID' | 'mS-DS-ConsistencyGuid';

/** A GUID in canonical form: lower-case, dashed, no braces. */
export type GuidString = string;

/** An ImmutableID: base64 of the anchor's 16 bytes in Guid.ToByteArray() order. Case-sensitive. */
export type ImmutableId = string;

export interface OnPremUser {
  readonly dn: string;
  readonly objectGuid: GuidString;
  /**
   * mS-DS-ConsistencyGuid as Entra would see it (base64 of the raw bytes), or null when empty.
   * Kept as base64 rather than a GUID because AD does not enforce its length.
   */
  readonly consistencyGuid: ImmutableId | null;
  readonly samAccountName: string;
  readonly userPrincipalName: string | null;
  readonly displayName: string | null;
  readonly givenName: string | null;
  readonly surname: string | null;
  readonly mail: string | null;
  readonly proxyAddresses: readonly string[];
  readonly enabled: boolean;
  /** Built-in or critical system object (Administrator, krbtgt...): never a match candidate. */
  readonly isCriticalSystemObject: boolean;
}

export interface ProvisioningError {
  readonly category: string;
  readonly occurredDateTime: string | null;
  readonly propertyCausingError: string | null;
  readonly value: string | null;
}

export interface CloudUser {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly displayName: string | null;
  readonly mail: string | null;
  readonly proxyAddresses: readonly string[];
  readonly accountEnabled: boolean | null;
  readonly onPremisesImmutableId: ImmutableId | null;
  /** true: synced now; false: was synced once; null: never synced (cloud-only). */
  readonly onPremisesSyncEnabled: boolean | null;
  readonly onPremisesLastSyncDateTime: string | null;
  readonly onPremisesDistinguishedName: string | null;
  readonly onPremisesSamAccountName: string | null;
  readonly onPremisesUserPrincipalName: string | null;
  /** Set by Entra Connect since the 2026 hardening; a set value blocks hard match. */
  readonly onPremisesObjectIdentifier: string | null;
  readonly onPremisesProvisioningErrors: readonly ProvisioningError[];
  /** Set when the user is soft-deleted (in the directory's recycle bin). */
  readonly deletedDateTime: string | null;
}

export type DomainAuthenticationType = 'Managed' | 'Federated';

export interface TenantDomain {
  readonly id: string;
  readonly authenticationType: DomainAuthenticationType;
  readonly isInitial: boolean;
  readonly isVerified: boolean;
}

export interface RoleAssignment {
  /** Empty when the app may read that a role is held but not which (Graph's "limited information"). */
  readonly roleTemplateId: string;
  readonly displayName: string;
  readonly kind: 'active' | 'eligible';
  /** The role-assignable group the user holds it through; absent for a direct assignment. */
  readonly viaGroup?: string;
}

/**
 * Why a fact could not be read: the domain error's code and message (a 403 names the permission).
 * An unread fact is never a pass: the checks warn, and block where the fact is a safety fact.
 */
export interface Unread {
  readonly code: string;
  readonly message: string;
}

/** The facts of one match's cloud reads that can be unreadable without the whole read failing. */
export type CloudFact =
  'objectIdentifier' | 'activeRoles' | 'eligibleRoles' | 'activeHolders' | 'deletedHolders' | 'features';

/** The tenant's onPremisesSynchronization features that change how matching behaves. */
export interface TenantSyncFeatures {
  readonly blockSoftMatchEnabled: boolean;
  readonly blockCloudObjectTakeoverThroughHardMatchEnabled: boolean;
  readonly softMatchOnUpnEnabled: boolean;
  readonly passwordSyncEnabled: boolean;
  /**
   * The 2026 hardening's tenant bypass (off by default; scanners flag it on). null when Graph did not
   * return it (tenants and API versions from before it existed): unknown, never read as off.
   */
  readonly allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled: boolean | null;
}

export interface OrganizationSyncStatus {
  readonly onPremisesSyncEnabled: boolean | null;
  readonly onPremisesLastSyncDateTime: string | null;
  readonly onPremisesLastPasswordSyncDateTime: string | null;
  /** Set when the last password sync time could not be read (it lives on Graph's beta surface). */
  readonly lastPasswordSyncUnread?: Unread;
}

/** What Get-ADSyncScheduler reports (the fields the product uses). */
export interface SchedulerStatus {
  readonly syncCycleEnabled: boolean;
  readonly syncCycleInProgress: boolean;
  readonly stagingModeEnabled: boolean;
  readonly schedulerSuspended: boolean;
  readonly maintenanceEnabled: boolean;
  readonly nextSyncCyclePolicyType: 'Delta' | 'Initial' | null;
  readonly nextSyncCycleStartTimeInUtc: string | null;
  readonly currentlyEffectiveSyncCycleIntervalMinutes: number | null;
}

/** The AD connector's OU filtering (ContainerInclusionList / ContainerExclusionList) and group filter. */
export interface SyncScope {
  readonly inclusions: readonly string[];
  readonly exclusions: readonly string[];
  readonly groupFilteringGroupDn: string | null;
}

export interface RunStepResult {
  readonly stepNumber: number;
  readonly stepResult: string;
  readonly exportFailures: number;
  readonly importErrors: number;
}

/** One Get-ADSyncRunProfileResult entry. */
export interface RunProfileResult {
  readonly connectorName: string;
  readonly runProfileName: string;
  readonly result: string;
  readonly startDate: string;
  readonly endDate: string | null;
  readonly steps: readonly RunStepResult[];
  readonly exportErrors: readonly ExportError[];
}

export interface ExportError {
  readonly distinguishedName: string;
  readonly errorType: string;
  readonly message: string;
}

/** Invoke-ADSyncSingleObjectSync's JSON, reduced to what a person acts on. */
export interface SingleObjectSyncResult {
  readonly distinguishedName: string;
  readonly inScope: boolean;
  readonly steps: readonly {
    readonly name: string;
    readonly status: string;
    readonly detail: string | null;
  }[];
  readonly raw: unknown;
}

/** What the Entra Connect server says about itself (the relay's `server-info`). */
export interface ServerInfo {
  /** Microsoft.Synchronize.ServerConfigurationVersion (Get-ADSyncGlobalSettings), e.g. 2.5.79.0; null unread. */
  readonly connectVersion: string | null;
  /** The server's clock, ISO 8601 UTC: the relay signature allows only a few minutes of skew. */
  readonly serverTimeUtc: string;
}

/**
 * How Entra Connect signs in to Entra ID (the relay's `sync-credential`): Get-ADSyncEntraConnectorCredential's
 * ConnectorIdentityType, the certificate's end of validity where the relay can read it (a certificate in
 * LocalMachine\My: bring-your-own), and the newest certificate event Entra Connect logged (1011: 70 % of
 * its lifetime used; 1012: expired) in the last day.
 */
export interface SyncCredentialInfo {
  /** `Application` (application-based authentication) or `ServiceAccount` (the legacy sync account); null unread. */
  readonly identityType: 'Application' | 'ServiceAccount' | null;
  readonly applicationId: string | null;
  /** ISO 8601; null when the certificate is not in a store the relay can read (managed by Connect). */
  readonly certificateNotAfter: string | null;
  /** Whether the Application event log could be read (so "no event" means none was logged). */
  readonly eventLogRead: boolean;
  readonly lastCertificateEvent: { readonly id: 1011 | 1012; readonly timeUtc: string } | null;
}
