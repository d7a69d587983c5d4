/**
 * The simulated tenant's records, named exactly as Microsoft Graph names the properties, so the HTTP
 * layer serialises them as they are and the Entra Connect simulator speaks Graph's vocabulary too.
 */
import type { DomainAuthenticationType, TenantSyncFeatures } from '../../core/models.ts';

/** One provisioning error as Graph returns it in `onPremisesProvisioningErrors`. */
export interface SimProvisioningError {
  readonly category: string;
  readonly occurredDateTime: string;
  /** 'UserPrincipalName' or 'ProxyAddress' in practice; Graph types it as a plain string. */
  readonly propertyCausingError: string;
  readonly value: string;
}

/** A user (active or soft-deleted). Read-only for callers: change it through SimTenant's methods. */
export interface SimUser {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly displayName: string | null;
  readonly givenName: string | null;
  readonly surname: string | null;
  readonly mail: string | null;
  readonly mailNickname: string | null;
  readonly proxyAddresses: readonly string[];
  readonly accountEnabled: boolean;
  readonly createdDateTime: string;
  readonly onPremisesImmutableId: string | null;
  /** true: synced now; false: was synced once; null: cloud-only, never synced. */
  readonly onPremisesSyncEnabled: boolean | null;
  readonly onPremisesLastSyncDateTime: string | null;
  readonly onPremisesDistinguishedName: string | null;
  readonly onPremisesSamAccountName: string | null;
  readonly onPremisesUserPrincipalName: string | null;
  readonly onPremisesDomainName: string | null;
  readonly onPremisesObjectIdentifier: string | null;
  readonly onPremisesProvisioningErrors: readonly SimProvisioningError[];
  /** Set while the user is in the recycle bin (soft-deleted). */
  readonly deletedDateTime: string | null;
}

/** What Entra Connect knows of an AD user when it provisions or links a cloud user. */
export interface AdObjectForSync {
  /** The source anchor value (ImmutableID, base64), derived by the caller from objectGUID/ConsistencyGuid. */
  readonly immutableId: string;
  readonly distinguishedName: string;
  readonly samAccountName: string;
  readonly userPrincipalName: string;
  readonly displayName?: string | null;
  readonly givenName?: string | null;
  readonly surname?: string | null;
  readonly mail?: string | null;
  readonly proxyAddresses?: readonly string[];
  readonly accountEnabled?: boolean;
  /** The AD domain's DNS name (onPremisesDomainName), e.g. `corp.contoso.com`. */
  readonly domainName?: string | null;
  /** The AD object's objectGUID as a GUID string; stamped as onPremisesObjectIdentifier (2026 sync). */
  readonly objectGuid?: string | null;
}

/** A cloud-only user to create (as an admin would in the portal). */
export interface NewCloudUser {
  readonly id?: string;
  readonly userPrincipalName: string;
  readonly displayName?: string | null;
  readonly givenName?: string | null;
  readonly surname?: string | null;
  readonly mail?: string | null;
  readonly proxyAddresses?: readonly string[];
  readonly accountEnabled?: boolean;
  readonly onPremisesImmutableId?: string | null;
  readonly createdDateTime?: string;
}

/** A Graph PATCH body on a user, reduced to what the product writes. */
export interface UserPatch {
  readonly onPremisesImmutableId?: string | null;
  readonly userPrincipalName?: string;
  readonly onPremisesObjectIdentifier?: string | null;
  readonly displayName?: string | null;
}

export interface SimDomain {
  readonly id: string;
  readonly authenticationType: DomainAuthenticationType;
  readonly isDefault: boolean;
  readonly isInitial: boolean;
  readonly isVerified: boolean;
}

export interface SimGroup {
  readonly id: string;
  readonly displayName: string;
  /** A role-assignable group: directory roles can be assigned to it (its members then hold them). */
  readonly isAssignableToRole: boolean;
}

export interface SimRoleDefinition {
  readonly roleTemplateId: string;
  readonly displayName: string;
  /** Privileged roles block a hard match since the 2026 hardening, and soft match always. */
  readonly privileged: boolean;
}

export interface SimRoleAssignment {
  /** A user or a role-assignable group. */
  readonly principalId: string;
  readonly roleTemplateId: string;
  readonly kind: 'active' | 'eligible';
}

/** A role a user holds, directly or as a member of the role-assignable group `viaGroupId`. */
export interface SimEffectiveRole extends SimRoleAssignment {
  readonly viaGroupId: string | null;
}

export interface SimOrganization {
  readonly id: string;
  readonly displayName: string;
  readonly onPremisesSyncEnabled: boolean | null;
  readonly onPremisesLastSyncDateTime: string | null;
  readonly onPremisesLastPasswordSyncDateTime: string | null;
}

/** The full features object of /directory/onPremisesSynchronization (superset of the domain's). */
export interface SimSyncFeatures extends TenantSyncFeatures {
  readonly quarantineUponUpnConflictEnabled: boolean;
  readonly quarantineUponProxyAddressesConflictEnabled: boolean;
}

/**
 * A rule of the directory was broken. `code` and `message` are Graph's (the HTTP layer puts them in the
 * error body as they are); `holderId` names the object that already has a unique value.
 */
export class SimTenantError extends Error {
  readonly status: number;
  readonly code: string;
  readonly target: string | undefined;
  readonly holderId: string | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { target?: string; holderId?: string } = {},
  ) {
    super(message);
    this.name = 'SimTenantError';
    this.status = status;
    this.code = code;
    this.target = extra.target;
    this.holderId = extra.holderId;
  }
}

/** Graph's error texts, verbatim (reference/graph.md). */
export const GRAPH_MESSAGES = {
  onPremMastered:
    'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.',
  immutableIdConflict:
    'Another object with the same value for property onPremisesImmutableId already exists.',
  upnConflict: 'Another object with the same value for property userPrincipalName already exists.',
  proxyConflict: 'Another object with the same value for property proxyAddresses already exists.',
  invalidImmutableId: "Invalid value specified for property 'onPremisesImmutableId' of resource 'User'.",
  /** UNCONFIRMED wording: Graph's exact text for this case is not published. */
  federatedImmutableId:
    "Property 'onPremisesImmutableId' cannot be updated for a user in a federated domain.",
  unverifiedDomain:
    'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
  notFound: (id: string) =>
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  /** Verbatim (cisagov/ScubaGear #981; code AadPremiumLicenseRequired, HTTP 400). */
  premiumLicenseRequired:
    'The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.',
} as const;

/** Role templates the product cares about (ids are Entra's well-known template ids). */
export const ROLE_CATALOG: readonly SimRoleDefinition[] = [
  {
    roleTemplateId: '62e90394-69f5-4237-9190-012177145e10',
    displayName: 'Global Administrator',
    privileged: true,
  },
  {
    roleTemplateId: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
    displayName: 'Hybrid Identity Administrator',
    privileged: true,
  },
  {
    roleTemplateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
    displayName: 'User Administrator',
    privileged: true,
  },
  {
    roleTemplateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
    displayName: 'Helpdesk Administrator',
    privileged: true,
  },
  {
    roleTemplateId: '29232cdf-9323-42fd-ade2-1d097af3e4de',
    displayName: 'Exchange Administrator',
    privileged: true,
  },
  { roleTemplateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', displayName: 'Global Reader', privileged: false },
];

export const ROLE = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  hybridIdentityAdministrator: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  helpdeskAdministrator: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  exchangeAdministrator: '29232cdf-9323-42fd-ade2-1d097af3e4de',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
} as const;
