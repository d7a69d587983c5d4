/**
 * Role eligibility for the 2026 hardening: a user's own PIM eligibility and that of the role-assignable
 * groups it belongs to (an eligible assignment to such a group makes its members eligible too).
 * Eligibility is PIM, which needs Entra ID P2 or ID Governance: without it Graph answers 400
 * AadPremiumLicenseRequired (cisagov/ScubaGear #981) - and then no eligible assignment can exist, so the
 * answer is "none, no P2", known, not unread.
 */
import type { RoleAssignment, Unread } from '../../core/models.ts';
import { DomainError } from '../../core/errors.ts';
import { allPages, runBatch, type BatchRequest, type BatchResult } from './batch.ts';
import type { GraphHttp, GraphPage } from './graph-http.ts';
import { queries, type GraphQuery } from './queries.ts';
import { unreadOf, type Unreads } from './unread.ts';
import { toEligibleRoles, type GraphUser } from './user-mapping.ts';

export interface EligibilityRead {
  readonly roles: readonly RoleAssignment[];
  /** true: PIM answered; false: AadPremiumLicenseRequired (no P2); null: not known. */
  readonly entraIdP2: boolean | null;
}

const eligibleItem = (id: string, principalId: string): BatchRequest => {
  const q = queries.eligibleRoles(principalId);
  return { id, url: q.url, headers: q.headers };
};

/** The user's role-assignable groups from batch item `groups`, or why they could not be read. */
const groupsOf = async (
  http: GraphHttp,
  results: ReadonlyMap<string, BatchResult>,
  query: GraphQuery,
): Promise<{ id: string; name: string }[] | Unread> => {
  const r = results.get('groups');
  if (r === undefined) return [];
  if (!r.ok) {
    if (r.error.retryable) throw r.error;
    return unreadOf(r.error);
  }
  const value = await allPages(http, r.body as GraphPage<GraphUser>, query.headers);
  return value.flatMap((g) =>
    typeof g['id'] === 'string'
      ? [{ id: g['id'], name: typeof g['displayName'] === 'string' ? g['displayName'] : g['id'] }]
      : [],
  );
};

/**
 * Eligible roles of `userId`, direct (batch item `eligible` when it was asked for, else asked now) and
 * through its role-assignable groups (batch item `groups`). Unreadable parts land in `unread`.
 */
export const readEligibility = async (
  http: GraphHttp,
  results: ReadonlyMap<string, BatchResult>,
  userId: string,
  groupsQuery: GraphQuery,
  unread: Unreads,
): Promise<EligibilityRead> => {
  const groups = await groupsOf(http, results, groupsQuery);
  let failure: Unread | undefined = Array.isArray(groups) ? undefined : groups;
  const requests: BatchRequest[] = results.has('eligible') ? [] : [eligibleItem('eligible', userId)];
  const via = Array.isArray(groups) ? groups : [];
  via.forEach((g, i) => requests.push(eligibleItem(`group${i}`, g.id)));
  const more = requests.length === 0 ? new Map<string, BatchResult>() : await runBatch(http, requests);
  const answer = (id: string) => more.get(id) ?? results.get(id);

  const roles: RoleAssignment[] = [];
  let p2: boolean | null = null;
  for (const [id, group] of [
    ['eligible', undefined] as const,
    ...via.map((g, i) => [`group${i}`, g] as const),
  ]) {
    const r = answer(id);
    if (r === undefined) continue;
    if (r.ok) {
      p2 = true;
      const value = await allPages<GraphUser>(http, r.body as GraphPage<GraphUser>);
      roles.push(...toEligibleRoles(value, group?.name));
    } else if (r.error.code === 'CLOUD.LICENSE_REQUIRED') {
      p2 = false;
    } else if (r.error instanceof DomainError && r.error.retryable) {
      throw r.error;
    } else {
      failure ??= unreadOf(r.error);
    }
  }
  // Without P2 there is no PIM: no eligibility can exist, through a group or not.
  if (p2 === false) return { roles: [], entraIdP2: false };
  if (failure !== undefined) unread.eligibleRoles = failure;
  return { roles, entraIdP2: p2 };
};
