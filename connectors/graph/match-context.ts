/**
 * One conflict check's cloud reads in one `$batch` round trip: the cloud user, the ImmutableID's active
 * and deleted holders, the user's active roles and role-assignable groups (and eligibility when the id
 * is known), the domains, the sync features and the soft-match candidates - with the beta read of
 * onPremisesObjectIdentifier alongside. Reads that depend on an answer (eligibility by id when the user
 * was named by UPN, eligibility of its role-assignable groups, the deleted-items fallback) follow.
 *
 * A read Graph refuses for good (403, 400, no P2) is recorded in `unread` instead of failing the whole
 * check; a transient failure (throttling, an outage) is thrown, so a job's preflight waits and retries
 * instead of judging on half the facts.
 */
import { DomainError } from '../../core/errors.ts';
import type { CloudUser, ImmutableId, RoleAssignment } from '../../core/models.ts';
import type { CloudMatchContext } from '../../core/ports.ts';
import { allPages, runBatch, type BatchRequest, type BatchResult } from './batch.ts';
import type { GraphHttp, GraphPage } from './graph-http.ts';
import { isObjectId } from './input.ts';
import { queries, type GraphQuery } from './queries.ts';
import { readEligibility } from './role-reads.ts';
import { orUnread, type Unreads } from './unread.ts';
import { toActiveRoles, toCloudUser, toDomain, toFeatures, type GraphUser } from './user-mapping.ts';

/** What the directory lends the gatherer: its select list and its fallbacks. */
export interface MatchContextDeps {
  readonly http: GraphHttp;
  readonly select: readonly string[];
  /** false once the tenant refused $filter on deleted items: go straight to the fallback. */
  readonly deletedFilterSupported: boolean;
  readonly onDeletedFilterUnsupported: () => void;
  readonly scanDeletedHolders: (immutableId: ImmutableId) => Promise<readonly CloudUser[]>;
}

const item = (id: string, query: GraphQuery): BatchRequest => ({
  id,
  url: query.url,
  headers: query.headers,
});

/** The body of batch item `id` (throws its DomainError), or undefined when it was not requested. */
const bodyIf = (results: ReadonlyMap<string, BatchResult>, id: string): unknown => {
  const r = results.get(id);
  if (r === undefined) return undefined;
  if (!r.ok) throw r.error;
  return r.body;
};

/** Every item of list `id` (all pages), [] when not requested. */
const list = async (
  http: GraphHttp,
  results: ReadonlyMap<string, BatchResult>,
  id: string,
  query: GraphQuery,
): Promise<GraphUser[]> => {
  const body = bodyIf(results, id) as GraphPage<GraphUser> | undefined;
  return body === undefined ? [] : allPages(http, body, query.headers);
};

const exact = (users: readonly CloudUser[], immutableId: ImmutableId): CloudUser[] =>
  // The anchor is case-sensitive; a filter that compared ignoring case must not invent a holder.
  users.filter((u) => u.onPremisesImmutableId === immutableId);

/** onPremisesObjectIdentifier from beta, one request, the property only (reference/graph.md). */
const readObjectIdentifier = async (
  http: GraphHttp,
  key: string,
  unread: Unreads,
): Promise<string | null> => {
  const q = queries.objectIdentifier(key);
  return orUnread(
    async () => {
      const u = await http.get<GraphUser>(q.url, q.headers, q.surface);
      const v = u['onPremisesObjectIdentifier'];
      return typeof v === 'string' && v !== '' ? v : null;
    },
    null,
    unread,
    'objectIdentifier',
  );
};

export const gatherMatchContext = async (
  deps: MatchContextDeps,
  userKey: string,
  immutableId: ImmutableId | null,
  match: { readonly userPrincipalName: string | null; readonly primarySmtp: string | null },
): Promise<CloudMatchContext> => {
  const { http, select } = deps;
  const unread: Unreads = {};
  const q = {
    user: queries.user(userKey, select),
    roles: queries.activeRoles(userKey),
    groups: queries.roleGroups(userKey),
    ...(immutableId === null
      ? {}
      : {
          active: queries.activeHolders(immutableId, select),
          deleted: queries.deletedHolders(immutableId, select),
        }),
    ...(match.userPrincipalName === null
      ? {}
      : { byUpn: queries.usersByUpn(match.userPrincipalName, select) }),
    ...(match.primarySmtp === null ? {} : { byProxy: queries.usersByProxy(match.primarySmtp, select) }),
  } as Record<string, GraphQuery>;
  const requests: BatchRequest[] = Object.entries(q)
    .filter(([id]) => id !== 'deleted' || deps.deletedFilterSupported)
    .map(([id, query]) => item(id, query));
  requests.push(item('domains', queries.domains()), item('features', queries.features()));
  if (isObjectId(userKey)) requests.push(item('eligible', queries.eligibleRoles(userKey.toLowerCase())));
  const [results, objectIdentifier] = await Promise.all([
    runBatch(http, requests),
    readObjectIdentifier(http, userKey, unread),
  ]);

  const userResult = results.get('user');
  if (userResult !== undefined && !userResult.ok && userResult.error.code === 'CLOUD.NOT_FOUND') {
    throw new DomainError('CLOUD.NOT_FOUND', `No cloud user '${userKey}' exists (or it is deleted).`, {
      requestId: userResult.error.requestId,
    });
  }
  const cloudUser: CloudUser = {
    ...toCloudUser(bodyIf(results, 'user') as GraphUser),
    onPremisesObjectIdentifier: objectIdentifier,
  };
  const users = async (id: string): Promise<CloudUser[]> =>
    q[id] === undefined ? [] : (await list(http, results, id, q[id])).map(toCloudUser);

  const active =
    immutableId === null ? [] : await orUnread(() => users('active'), [], unread, 'activeHolders');
  let deleted: readonly CloudUser[] = [];
  if (immutableId !== null) {
    const r = results.get('deleted');
    if (r === undefined || (!r.ok && r.error.code === 'CLOUD.UNSUPPORTED_QUERY')) {
      if (r !== undefined) deps.onDeletedFilterUnsupported();
      deleted = await orUnread(() => deps.scanDeletedHolders(immutableId), [], unread, 'deletedHolders');
    } else {
      deleted = exact(await orUnread(() => users('deleted'), [], unread, 'deletedHolders'), immutableId);
    }
  }

  const activeRoles = await orUnread(
    async () => toActiveRoles(await list(http, results, 'roles', q['roles']!)),
    [] as RoleAssignment[],
    unread,
    'activeRoles',
  );
  const eligibility = await readEligibility(http, results, cloudUser.id, q['groups']!, unread);

  const features = await orUnread(
    () => Promise.resolve().then(() => toFeatures(bodyIf(results, 'features'))),
    null,
    unread,
    'features',
  );
  if (features === null && unread.features === undefined)
    unread.features = {
      code: 'CLOUD.BAD_REQUEST',
      message: 'Microsoft Graph answered without the sync features.',
    };

  const candidates = new Map<string, CloudUser>();
  for (const u of [...(await users('byUpn')), ...(await users('byProxy'))]) candidates.set(u.id, u);

  return {
    cloudUser,
    holders: { active: immutableId === null ? [] : exact(active, immutableId), deleted },
    roles: [...activeRoles, ...eligibility.roles],
    domains: (await list(http, results, 'domains', queries.domains())).map(toDomain),
    features,
    softMatchCandidates: [...candidates.values()],
    unread,
    entraIdP2: eligibility.entraIdP2,
  };
};
