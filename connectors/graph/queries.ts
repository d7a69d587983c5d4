/**
 * Every Graph request the connector makes, as a relative URL plus headers, so single calls and `$batch`
 * items are built the same way - and every value goes through odata.ts (quoted, then percent-encoded).
 */
import { buildQuery, odataFilter, pathSegment } from './odata.ts';
import { EVENTUAL } from './graph-http.ts';
import { DELETED_SCAN_SELECT, SEARCH_SELECT } from './user-mapping.ts';

export interface GraphQuery {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

const q = (url: string, headers: Readonly<Record<string, string>> = {}): GraphQuery => ({ url, headers });

export const DELETED_USERS = '/directory/deletedItems/microsoft.graph.user';
const PROVISIONING_FILTER = odataFilter`onPremisesProvisioningErrors/any(o:o/category eq ${'PropertyConflict'})`;

export const queries = {
  user: (idOrUpn: string, select: readonly string[]) =>
    q(`/users/${pathSegment(idOrUpn)}${buildQuery({ $select: select })}`),
  deletedUser: (id: string, select: readonly string[]) =>
    q(`/directory/deletedItems/${pathSegment(id)}${buildQuery({ $select: select })}`),
  /** Advanced query form (ConsistencyLevel + $count): the safe form across tenants. */
  activeHolders: (immutableId: string, select: readonly string[]) =>
    q(
      `/users${buildQuery({ $filter: odataFilter`onPremisesImmutableId eq ${immutableId}`, $count: true, $select: select })}`,
      EVENTUAL,
    ),
  deletedHolders: (immutableId: string, select: readonly string[]) =>
    q(
      `${DELETED_USERS}${buildQuery({ $filter: odataFilter`onPremisesImmutableId eq ${immutableId}`, $select: select })}`,
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
    q(
      `/organization${buildQuery({ $select: ['onPremisesSyncEnabled', 'onPremisesLastSyncDateTime', 'onPremisesLastPasswordSyncDateTime'] })}`,
    ),
  activeRoles: (idOrUpn: string) =>
    q(
      `/users/${pathSegment(idOrUpn)}/transitiveMemberOf/microsoft.graph.directoryRole${buildQuery({ $select: ['id', 'displayName', 'roleTemplateId'] })}`,
    ),
  eligibleRoles: (userId: string) =>
    q(
      `/roleManagement/directory/roleEligibilitySchedules${buildQuery({ $filter: odataFilter`principalId eq ${userId}`, $expand: 'roleDefinition' })}`,
    ),
  provisioningErrors: (select: readonly string[]) =>
    q(
      `/users${buildQuery({ $filter: PROVISIONING_FILTER, $count: true, $select: select, $top: 999 })}`,
      EVENTUAL,
    ),
  provisioningScan: (select: readonly string[]) => q(`/users${buildQuery({ $select: select, $top: 999 })}`),
} as const;
