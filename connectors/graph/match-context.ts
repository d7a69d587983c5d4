/**
 * One conflict check's cloud reads in one `$batch` round trip: the cloud user, the ImmutableID's active
 * and deleted holders, the user's active roles (and eligible ones when the id is known), the domains,
 * the sync features and the soft-match candidates. Reads that depend on an answer (eligibility by id
 * when the user was named by UPN, the deleted-items fallback) follow in a second step.
 */
import { DomainError } from '../../core/errors.ts';
import type { CloudUser, ImmutableId, RoleAssignment } from '../../core/models.ts';
import type { CloudMatchContext } from '../../core/ports.ts';
import { bodyOf, runBatch, type BatchRequest, type BatchResult } from './batch.ts';
import type { GraphHttp, GraphPage } from './graph-http.ts';
import { isObjectId } from './input.ts';
import { queries, type GraphQuery } from './queries.ts';
import {
  toActiveRoles,
  toCloudUser,
  toDomain,
  toEligibleRoles,
  toFeatures,
  type GraphUser,
} from './user-mapping.ts';

/** What the directory lends the gatherer: its select list and its fallbacks. */
export interface MatchContextDeps {
  readonly http: GraphHttp;
  readonly select: readonly string[];
  /** false once the tenant refused $filter on deleted items: go straight to the fallback. */
  readonly deletedFilterSupported: boolean;
  readonly onDeletedFilterUnsupported: () => void;
  readonly scanDeletedHolders: (immutableId: ImmutableId) => Promise<readonly CloudUser[]>;
  readonly eligibleRoles: (userId: string) => Promise<readonly RoleAssignment[]>;
}

const item = (id: string, query: GraphQuery): BatchRequest => ({
  id,
  url: query.url,
  headers: query.headers,
});

const users = (results: ReadonlyMap<string, BatchResult>, id: string): CloudUser[] =>
  results.has(id) ? bodyOf<GraphPage<GraphUser>>(results, id).value.map(toCloudUser) : [];

const exact = (list: readonly CloudUser[], immutableId: ImmutableId): CloudUser[] =>
  // The anchor is case-sensitive; a filter that compared ignoring case must not invent a holder.
  list.filter((u) => u.onPremisesImmutableId === immutableId);

export const gatherMatchContext = async (
  deps: MatchContextDeps,
  userKey: string,
  immutableId: ImmutableId,
  match: { readonly userPrincipalName: string | null; readonly primarySmtp: string | null },
): Promise<CloudMatchContext> => {
  const { select } = deps;
  const requests: BatchRequest[] = [
    item('user', queries.user(userKey, select)),
    item('active', queries.activeHolders(immutableId, select)),
    item('roles', queries.activeRoles(userKey)),
    item('domains', queries.domains()),
    item('features', queries.features()),
  ];
  if (deps.deletedFilterSupported)
    requests.push(item('deleted', queries.deletedHolders(immutableId, select)));
  if (isObjectId(userKey)) requests.push(item('eligible', queries.eligibleRoles(userKey)));
  if (match.userPrincipalName !== null)
    requests.push(item('byUpn', queries.usersByUpn(match.userPrincipalName, select)));
  if (match.primarySmtp !== null)
    requests.push(item('byProxy', queries.usersByProxy(match.primarySmtp, select)));
  const results = await runBatch(deps.http, requests);

  const userResult = results.get('user');
  if (userResult !== undefined && !userResult.ok && userResult.error.code === 'CLOUD.NOT_FOUND') {
    throw new DomainError('CLOUD.NOT_FOUND', `No cloud user '${userKey}' exists (or it is deleted).`, {
      requestId: userResult.error.requestId,
    });
  }
  const cloudUser = toCloudUser(bodyOf<GraphUser>(results, 'user'));

  let deleted: readonly CloudUser[];
  const deletedResult = results.get('deleted');
  if (
    deletedResult === undefined ||
    (!deletedResult.ok && deletedResult.error.code === 'CLOUD.UNSUPPORTED_QUERY')
  ) {
    if (deletedResult !== undefined) deps.onDeletedFilterUnsupported();
    deleted = await deps.scanDeletedHolders(immutableId);
  } else {
    deleted = exact(users(results, 'deleted'), immutableId);
  }

  const featuresResult = results.get('features');
  const featuresUnreadable =
    featuresResult !== undefined &&
    !featuresResult.ok &&
    ['CLOUD.FORBIDDEN', 'CLOUD.NOT_FOUND', 'CLOUD.UNSUPPORTED_QUERY', 'CLOUD.BAD_REQUEST'].includes(
      featuresResult.error.code,
    );

  const eligible = results.has('eligible')
    ? toEligibleRoles(bodyOf<GraphPage<GraphUser>>(results, 'eligible').value)
    : await deps.eligibleRoles(cloudUser.id);

  const candidates = new Map<string, CloudUser>();
  for (const u of [...users(results, 'byUpn'), ...users(results, 'byProxy')]) candidates.set(u.id, u);

  return {
    cloudUser,
    holders: { active: exact(users(results, 'active'), immutableId), deleted },
    roles: [...toActiveRoles(bodyOf<GraphPage<GraphUser>>(results, 'roles').value), ...eligible],
    domains: bodyOf<GraphPage<GraphUser>>(results, 'domains').value.map(toDomain),
    features: featuresUnreadable ? null : toFeatures(bodyOf(results, 'features')),
    softMatchCandidates: [...candidates.values()],
  };
};
