/**
 * Graph user resources -> domain CloudUsers, and the `$select` lists that fetch exactly what the product
 * shows or checks. The on-premises properties come back ONLY when selected (reference/graph.md).
 */
import type {
  CloudUser,
  ProvisioningError,
  RoleAssignment,
  TenantDomain,
  TenantSyncFeatures,
} from '../../core/models.ts';

/**
 * Everything a conflict check reads about a user on v1.0. `onPremisesObjectIdentifier` is not here: it
 * is beta only (reference/graph.md) and read by its own request (queries.objectIdentifier).
 */
export const USER_SELECT = [
  'id',
  'userPrincipalName',
  'displayName',
  'mail',
  'proxyAddresses',
  'accountEnabled',
  'onPremisesImmutableId',
  'onPremisesSyncEnabled',
  'onPremisesLastSyncDateTime',
  'onPremisesDistinguishedName',
  'onPremisesSamAccountName',
  'onPremisesUserPrincipalName',
  'onPremisesProvisioningErrors',
  'deletedDateTime',
] as const;

/** The one beta-only user property the hardening check needs. */
export const OBJECT_IDENTIFIER = 'onPremisesObjectIdentifier';

/** What a type-ahead shows (and the sync state, to put cloud-only users first). */
export const SEARCH_SELECT = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'onPremisesSyncEnabled',
  'onPremisesImmutableId',
] as const;

/** What paging through deleted users needs when `$filter` is not available there. */
export const DELETED_SCAN_SELECT = [
  'id',
  'userPrincipalName',
  'onPremisesImmutableId',
  'deletedDateTime',
] as const;

export type GraphUser = Readonly<Record<string, unknown>>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

const provisioningErrors = (v: unknown): ProvisioningError[] =>
  Array.isArray(v)
    ? v.map((e: Readonly<Record<string, unknown>>) => ({
        category: str(e['category']) ?? 'Unknown',
        occurredDateTime: str(e['occurredDateTime']),
        propertyCausingError: str(e['propertyCausingError']),
        value: str(e['value']),
      }))
    : [];

/** A Graph user (any $select) as a CloudUser; properties not selected read as null / empty. */
export const toCloudUser = (u: GraphUser): CloudUser => ({
  id: str(u['id']) ?? '',
  userPrincipalName: str(u['userPrincipalName']) ?? '',
  displayName: str(u['displayName']),
  mail: str(u['mail']),
  proxyAddresses: Array.isArray(u['proxyAddresses'])
    ? u['proxyAddresses'].filter((p): p is string => typeof p === 'string')
    : [],
  accountEnabled: bool(u['accountEnabled']),
  onPremisesImmutableId: str(u['onPremisesImmutableId']),
  onPremisesSyncEnabled: bool(u['onPremisesSyncEnabled']),
  onPremisesLastSyncDateTime: str(u['onPremisesLastSyncDateTime']),
  onPremisesDistinguishedName: str(u['onPremisesDistinguishedName']),
  onPremisesSamAccountName: str(u['onPremisesSamAccountName']),
  onPremisesUserPrincipalName: str(u['onPremisesUserPrincipalName']),
  onPremisesObjectIdentifier: str(u['onPremisesObjectIdentifier']),
  onPremisesProvisioningErrors: provisioningErrors(u['onPremisesProvisioningErrors']),
  deletedDateTime: str(u['deletedDateTime']),
});

export const toDomain = (d: GraphUser): TenantDomain => ({
  id: str(d['id']) ?? '',
  authenticationType: d['authenticationType'] === 'Federated' ? 'Federated' : 'Managed',
  isInitial: d['isInitial'] === true,
  isVerified: d['isVerified'] === true,
});

export const toFeatures = (body: unknown): TenantSyncFeatures | null => {
  const first = (body as { value?: readonly { features?: Readonly<Record<string, unknown>> }[] } | null)
    ?.value?.[0];
  const f = first?.features;
  if (f === undefined) return null;
  return {
    blockSoftMatchEnabled: f['blockSoftMatchEnabled'] === true,
    blockCloudObjectTakeoverThroughHardMatchEnabled:
      f['blockCloudObjectTakeoverThroughHardMatchEnabled'] === true,
    softMatchOnUpnEnabled: f['softMatchOnUpnEnabled'] === true,
    passwordSyncEnabled: f['passwordSyncEnabled'] === true,
    // Newer than the other features (Graph changelog): absent in older answers, and then unknown.
    allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled:
      typeof f['allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled'] === 'boolean'
        ? f['allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled']
        : null,
  };
};

/**
 * Without a permission that reads directory roles, Graph still lists them with their type and id only
 * ("limited information"): such a role is kept - it is held - and named as unreadable.
 */
const UNNAMED_ROLE = 'a directory role whose name the app may not read (RoleManagement.Read.Directory)';

export const toActiveRoles = (value: readonly GraphUser[]): RoleAssignment[] =>
  value.map((r) => ({
    roleTemplateId: str(r['roleTemplateId']) ?? '',
    displayName: str(r['displayName']) ?? UNNAMED_ROLE,
    kind: 'active',
  }));

export const toEligibleRoles = (value: readonly GraphUser[], viaGroup?: string): RoleAssignment[] =>
  value.map((r) => {
    const def = r['roleDefinition'] as GraphUser | undefined;
    return {
      roleTemplateId: str(def?.['templateId']) ?? str(r['roleDefinitionId']) ?? '',
      displayName: str(def?.['displayName']) ?? str(r['roleDefinitionId']) ?? UNNAMED_ROLE,
      kind: 'eligible',
      ...(viaGroup === undefined ? {} : { viaGroup }),
    };
  });
