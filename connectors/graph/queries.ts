/**
 * Every Graph request the connector makes, as a relative URL plus headers, so single calls and `$batch`
 * items are built the same way - and every value goes through odata.ts (quoted, then percent-encoded).
 * Queries Graph answers only as advanced queries carry ConsistencyLevel: eventual AND $count=true
 * (learn.microsoft.com/graph/aad-advanced-queries): casts on transitive lists and filters on them.
 */
import { buildQuery, odataFilter, pathSegment } from './odata.ts';
import { EVENTUAL, type GraphSurface } from './graph-http.ts';
import { DELETED_SCAN_SELECT, OBJECT_IDENTIFIER, SEARCH_SELECT } from './user-mapping.ts';

export interface GraphQuery {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Absent: v1.0. */
  readonly surface?: GraphSurface;
}

const q = (url: string, headers: Readonly<Record<string, string>> = {}): GraphQuery => ({ url, headers });
const beta = (url: string): GraphQuery => ({ url, headers: {}, surface: 'beta' });

export const DELETED_USERS = '/directory/deletedItems/microsoft.graph.user';
const PROVISIONING_FILTER = odataFilter`onPremisesProvisioningErrors/any(o:o/category eq ${'PropertyConflict'})`;

export const queries = {
  user: (idOrUpn: string, select: readonly string[]) =>
    q(`/users/${pathSegment(idOrUpn)}${buildQuery({ $select: select })}`),
  deletedUser: (id: string, select: readonly string[]) =>
    q(`/directory/deletedItems/${pathSegment(id)}${buildQuery({ $select: select })}`),
  /** Beta only, one property (reference/graph.md: not in the v1.0 schema). */
  objectIdentifier: (idOrUpn: string) =>
    beta(`/users/${pathSegment(idOrUpn)}${buildQuery({ $select: [OBJECT_IDENTIFIER] })}`),
  /** Advanced query form (ConsistencyLevel + $count): the safe form across tenants. */
  activeHolders: (immutableId: string, select: readonly string[]) =>
    q(
      `/users${buildQuery({ $filter: odataFilter`onPremisesImmutableId eq ${immutableId}`, $count: true, $select: select })}`,
      EVENTUAL,
    ),
  /** The advanced form, so the full recycle-bin scan stays the rare fallback (reference/graph.md). */
  deletedHolders: (immutableId: string, select: readonly string[]) =>
    q(
      `${DELETED_USERS}${buildQuery({ $filter: odataFilter`onPremisesImmutableId eq ${immutableId}`, $count: true, $select: select })}`,
      EVENTUAL,
    ),
  deletedScan: () => q(`${DELETED_USERS}${buildQuery({ $select: DELETED_SCAN_SELECT, $top: 999 })}`),
  usersByUpn: (upn: string, select: readonly string[]) =>
    q(`/users${buildQuery({ $filter: odataFilter`userPrincipalName eq ${upn}`, $select: select })}`),
  usersByProxy: (smtp: string, select: readonly string[]) =>
    q(
      `/users${buildQuery({ $filter: odataFilter`proxyAddresses/any(p:p eq ${`smtp:${smtp}`})`, $count: true, $select: select })}`,
      EVENTUAL,
    ),
  search: (prefix: string, top: number) =>
    q(
      `/users${buildQuery({
        $filter: odataFilter`startswith(displayName,${prefix}) or startswith(userPrincipalName,${prefix}) or startswith(mail,${prefix})`,
        $select: SEARCH_SELECT,
        $top: top,
      })}`,
    ),
  domains: () =>
    q(`/domains${buildQuery({ $select: ['id', 'authenticationType', 'isInitial', 'isVerified'] })}`),
  features: () => q('/directory/onPremisesSynchronization'),
  organization: () =>
    q(`/organization${buildQuery({ $select: ['onPremisesSyncEnabled', 'onPremisesLastSyncDateTime'] })}`),
  /** Beta only (msgraph-sdk-powershell #3205). */
  organizationPasswordSync: () =>
    beta(`/organization${buildQuery({ $select: ['onPremisesLastPasswordSyncDateTime'] })}`),
  /** An OData cast on a transitive list: advanced only (GDC api/user-list-transitivememberof.md). */
  activeRoles: (idOrUpn: string) =>
    q(
      `/users/${pathSegment(idOrUpn)}/transitiveMemberOf/microsoft.graph.directoryRole${buildQuery({ $count: true, $select: ['id', 'displayName', 'roleTemplateId'] })}`,
      EVENTUAL,
    ),
  /** The role-assignable groups a user belongs to: their eligible roles are the user's too. */
  roleGroups: (idOrUpn: string) =>
    q(
      `/users/${pathSegment(idOrUpn)}/transitiveMemberOf/microsoft.graph.group${buildQuery({ $filter: 'isAssignableToRole eq true', $count: true, $select: ['id', 'displayName'] })}`,
      EVENTUAL,
    ),
  /** PIM: answers AadPremiumLicenseRequired in a tenant without Entra ID P2. `principalId`: a user or group. */
  eligibleRoles: (principalId: string) =>
    q(
      `/roleManagement/directory/roleEligibilitySchedules${buildQuery({ $filter: odataFilter`principalId eq ${principalId}`, $expand: 'roleDefinition' })}`,
    ),
  provisioningErrors: (select: readonly string[]) =>
    q(
      `/users${buildQuery({ $filter: PROVISIONING_FILTER, $count: true, $select: select, $top: 999 })}`,
      EVENTUAL,
    ),
  provisioningScan: (select: readonly string[]) => q(`/users${buildQuery({ $select: select, $top: 999 })}`),
} as const;
