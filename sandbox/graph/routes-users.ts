/**
 * /users routes of the Graph simulator: list with $filter/$search/$select/$top/$count, get by id or UPN,
 * PATCH and checkMemberGroups. Version-specific property sets come from schema.ts; the advanced-query
 * rules from advanced-query.ts. Membership routes (transitiveMemberOf) live in routes-roles.ts.
 */
import { matchesSearch, requireAdvancedForOperators, searchClauses } from './advanced-query.ts';
import {
  advancedOperators,
  indexableAnyEq,
  indexableEq,
  matchesFilter,
  parseFilter,
  type FilterSchema,
} from './odata-filter.ts';
import { checkSelect, userSchema } from './schema.ts';
import {
  contextUrl,
  errorResponse,
  guarded,
  notFound,
  page,
  project,
  type RouteContext,
  type SimRequest,
  type SimResponse,
} from './sim-http.ts';
import { SimTenantError, type SimUser } from './tenant-types.ts';

export const USER_FILTER_SCHEMA: FilterSchema = {
  resource: 'User',
  eq: new Set([
    'id',
    'userPrincipalName',
    'mail',
    'displayName',
    'onPremisesImmutableId',
    'onPremisesSyncEnabled',
    'accountEnabled',
    'onPremisesSamAccountName',
  ]),
  startswith: new Set(['displayName', 'userPrincipalName', 'mail', 'givenName', 'surname', 'mailNickname']),
  endswith: new Set(['mail', 'otherMails', 'userPrincipalName', 'proxyAddresses']),
  any: new Set(['proxyAddresses', 'onPremisesProvisioningErrors']),
  // ImmutableIDs are case-sensitive anchors; comparing them ignoring case would invent conflicts.
  caseSensitive: new Set(['onPremisesImmutableId']),
};

/** The user $select against the request's surface (v1.0 or beta). */
export const selectUser = (ctx: RouteContext, req: SimRequest): string[] | null =>
  checkSelect(req.query, userSchema(ctx.version), ctx.faults.options.betaOnlyOnV1);

/** The properties a user comes back with when nothing is selected, on the request's surface. */
export const userDefaults = (ctx: RouteContext): readonly string[] => userSchema(ctx.version).defaults;

/** Filter users, using the tenant's indexes for the anchor and UPN lookups a conflict check makes. */
export const filterUsers = (
  ctx: RouteContext,
  req: SimRequest,
  source: 'active' | 'deleted',
): readonly SimUser[] => {
  const raw = req.query.get('$filter');
  const all = (): readonly SimUser[] =>
    source === 'active' ? ctx.tenant.listUsers() : ctx.tenant.listDeletedUsers();
  const search = searchClauses(req);
  const searched = (list: readonly SimUser[]): readonly SimUser[] =>
    search === null ? list : list.filter((u) => matchesSearch(u, search));
  if (raw === null) return searched(all());
  const tree = parseFilter(raw, USER_FILTER_SCHEMA);
  requireAdvancedForOperators(req, advancedOperators(tree));
  if (
    raw.includes('onPremisesProvisioningErrors/any') &&
    ctx.faults.options.provisioningErrorsFilter === 'unsupported'
  ) {
    throw new SimTenantError(
      400,
      'Request_UnsupportedQuery',
      "Unsupported or invalid query filter clause specified for property 'onPremisesProvisioningErrors' of resource 'User'.",
    );
  }
  const anchor = indexableEq(tree, 'onPremisesImmutableId');
  const proxy = source === 'active' ? indexableAnyEq(tree, 'proxyAddresses') : undefined;
  let candidates: readonly SimUser[];
  if (anchor !== undefined) candidates = ctx.tenant.findByImmutableId(anchor)[source];
  else if (proxy !== undefined) {
    const holder = ctx.tenant.findByProxyAddress(proxy);
    candidates = holder === undefined ? [] : [holder];
  } else {
    const upn = indexableEq(tree, 'userPrincipalName');
    const one = upn === undefined || source === 'deleted' ? undefined : ctx.tenant.getUser(upn);
    candidates = upn !== undefined && source === 'active' ? (one === undefined ? [] : [one]) : all();
  }
  return searched(candidates.filter((u) => matchesFilter(tree, u, USER_FILTER_SCHEMA)));
};

const refuseUnsupportedOptions = (req: SimRequest): void => {
  for (const key of ['$orderby', '$expand', '$skip']) {
    if (req.query.has(key))
      throw new SimTenantError(
        400,
        'Request_UnsupportedQuery',
        `The query parameter '${key}' is not supported by the simulator for this resource.`,
      );
  }
};

/** A page of active or soft-deleted users: $select first (its errors win), then $filter, then paging. */
export const userPage = (
  ctx: RouteContext,
  req: SimRequest,
  source: 'active' | 'deleted',
  entitySet: string,
  extra?: Record<string, unknown>,
): SimResponse => {
  const select = selectUser(ctx, req);
  return page(ctx, req, filterUsers(ctx, req, source), {
    entitySet,
    select,
    defaults: userDefaults(ctx),
    ...(extra === undefined ? {} : { extra }),
  });
};

/** One user as an entity, found by `find`; 404 when it finds nobody. */
export const userEntity = (
  ctx: RouteContext,
  req: SimRequest,
  id: string,
  find: (id: string) => SimUser | undefined,
  entitySet: string,
  extra: Record<string, unknown> = {},
): SimResponse =>
  guarded(ctx, () => {
    const select = selectUser(ctx, req);
    const user = find(id);
    if (user === undefined) return notFound(ctx, id);
    return {
      status: 200,
      body: {
        '@odata.context': contextUrl(ctx, entitySet, select, true),
        ...extra,
        ...project(user, select, userDefaults(ctx)),
      },
    };
  });

const listUsers = (ctx: RouteContext, req: SimRequest): SimResponse =>
  guarded(ctx, () => {
    refuseUnsupportedOptions(req);
    return userPage(ctx, req, 'active', 'users');
  });

const PATCHABLE = new Set([
  'onPremisesImmutableId',
  'userPrincipalName',
  'onPremisesObjectIdentifier',
  'displayName',
]);

const patchUser = (ctx: RouteContext, req: SimRequest, id: string): SimResponse =>
  guarded(ctx, () => {
    const body = req.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return errorResponse(ctx, 400, 'BadRequest', 'Empty Payload. JSON content expected.');
    }
    for (const [key, value] of Object.entries(body)) {
      if (!PATCHABLE.has(key))
        return errorResponse(
          ctx,
          400,
          'Request_BadRequest',
          `Property '${key}' is not writable in the simulator.`,
        );
      if (value !== null && typeof value !== 'string') {
        return errorResponse(
          ctx,
          400,
          'BadRequest',
          `Cannot convert the literal '${String(value)}' to the expected type 'Edm.String'.`,
        );
      }
      if (key === 'onPremisesImmutableId' && value === '') {
        // What Graph PowerShell sends by mistake (msgraph-sdk-powershell#2514); Graph wants JSON null.
        return errorResponse(
          ctx,
          400,
          'Request_BadRequest',
          "Invalid value specified for property 'onPremisesImmutableId' of resource 'User'.",
        );
      }
    }
    ctx.tenant.patchUser(id, body);
    return { status: 204 };
  });

const checkMemberGroups = (ctx: RouteContext, req: SimRequest, id: string): SimResponse => {
  const user = ctx.tenant.getUser(id);
  if (user === undefined) return notFound(ctx, id);
  const groupIds = (req.body as { groupIds?: unknown } | null)?.groupIds;
  if (!Array.isArray(groupIds) || groupIds.length > 20 || !groupIds.every((g) => typeof g === 'string')) {
    return errorResponse(ctx, 400, 'Request_BadRequest', "Invalid value specified for property 'groupIds'.");
  }
  const value = groupIds.filter((g) => ctx.tenant.isGroupMember(g, user.id));
  return {
    status: 200,
    body: { '@odata.context': `${ctx.serviceRoot}/$metadata#Collection(Edm.String)`, value },
  };
};

/** Dispatch a /users request; undefined when the path is not a /users route. */
export const routeUsers = (ctx: RouteContext, req: SimRequest): SimResponse | undefined => {
  const segments = req.path.split('/').filter((s) => s !== '');
  if (segments[0] !== 'users') return undefined;
  const id = segments[1];
  if (id === undefined) return req.method === 'GET' ? listUsers(ctx, req) : undefined;
  if (segments.length === 2) {
    if (req.method === 'GET') return userEntity(ctx, req, id, (i) => ctx.tenant.getUser(i), 'users');
    if (req.method === 'PATCH') return patchUser(ctx, req, id);
    return undefined;
  }
  const rest = segments.slice(2).join('/');
  if (req.method === 'POST' && rest === 'checkMemberGroups') return checkMemberGroups(ctx, req, id);
  return undefined;
};
