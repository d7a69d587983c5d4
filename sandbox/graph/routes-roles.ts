/**
 * Role and membership routes of the Graph simulator, with Graph's rules:
 * - `/users/{id}/transitiveMemberOf/microsoft.graph.directoryRole` and `.../microsoft.graph.group`: OData
 *   casts on a transitive list, refused without ConsistencyLevel + $count (advanced-query.ts). Roles held
 *   through a role-assignable group come back too ("direct or transitive membership",
 *   GDC api/user-list-transitivememberof.md). Default page size 100.
 * - without a permission that reads directory roles, the roles come back with their type and id only
 *   ("limited information", GDC includes/limited-info.md), never silently dropped.
 * - `/roleManagement/directory/roleEligibilitySchedules` is PIM: without Entra ID P2 it answers 400
 *   AadPremiumLicenseRequired (cisagov/ScubaGear #981). `/roleManagement/directory/roleAssignments`
 *   (active assignments) needs no P2.
 */
import { requireAdvancedForTransitive } from './advanced-query.ts';
import { matchesFilter, parseFilter, type FilterSchema } from './odata-filter.ts';
import {
  errorResponse,
  guarded,
  notFound,
  page,
  parseSelect,
  type RouteContext,
  type SimRequest,
  type SimResponse,
} from './sim-http.ts';
import { GRAPH_MESSAGES, ROLE_CATALOG, SimTenantError, type SimRoleAssignment } from './tenant-types.ts';

/** Application permissions that read directory roles' properties (permissions reference). */
const ROLE_READERS = [
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];

const ROLE_FIELDS = ['id', 'displayName', 'description', 'roleTemplateId'] as const;
const GROUP_FIELDS = ['id', 'displayName', 'isAssignableToRole', 'securityEnabled', 'mailEnabled'] as const;

const GROUP_FILTER: FilterSchema = {
  resource: 'Group',
  eq: new Set(['id', 'displayName', 'isAssignableToRole', 'securityEnabled']),
  startswith: new Set(['displayName']),
  any: new Set(),
  caseSensitive: new Set(),
};

const PRINCIPAL_FILTER: FilterSchema = {
  resource: 'UnifiedRoleScheduleBase',
  eq: new Set(['principalId', 'roleDefinitionId', 'directoryScopeId']),
  startswith: new Set(),
  any: new Set(),
  caseSensitive: new Set(),
};

const roleName = (templateId: string): string | null =>
  ROLE_CATALOG.find((r) => r.roleTemplateId === templateId)?.displayName ?? null;

const transitiveRoles = (ctx: RouteContext, req: SimRequest, userId: string): SimResponse =>
  guarded(ctx, () => {
    requireAdvancedForTransitive(req, 'OData cast');
    const select = parseSelect(req.query, new Set(ROLE_FIELDS), 'microsoft.graph.directoryRole');
    const full = ctx.access?.holds(ROLE_READERS) ?? true;
    const templates = new Set(
      ctx.tenant
        .effectiveRoles(userId)
        .filter((a) => a.kind === 'active')
        .map((a) => a.roleTemplateId),
    );
    const rows = [...templates].map((t) => ({
      id: ctx.tenant.directoryRoleObjectId(t),
      displayName: full ? roleName(t) : null,
      description: null,
      roleTemplateId: full ? t : null,
    }));
    return page(ctx, req, rows, {
      entitySet: 'directoryRoles',
      select,
      defaults: ROLE_FIELDS,
      extra: { '@odata.type': '#microsoft.graph.directoryRole' },
    });
  });

const transitiveGroups = (ctx: RouteContext, req: SimRequest, userId: string): SimResponse =>
  guarded(ctx, () => {
    requireAdvancedForTransitive(req, 'OData cast');
    const select = parseSelect(req.query, new Set(GROUP_FIELDS), 'microsoft.graph.group');
    const raw = req.query.get('$filter');
    const tree = raw === null ? null : parseFilter(raw, GROUP_FILTER);
    const rows = ctx.tenant
      .groupsOf(userId)
      .map((g) => ({ ...g, securityEnabled: true, mailEnabled: false }))
      .filter((g) => tree === null || matchesFilter(tree, g, GROUP_FILTER));
    return page(ctx, req, rows, {
      entitySet: 'groups',
      select,
      defaults: GROUP_FIELDS,
      extra: { '@odata.type': '#microsoft.graph.group' },
    });
  });

/** The rows of a role schedule collection: `kind` assignments, filtered, `$expand=roleDefinition` honoured. */
const scheduleRows = (
  ctx: RouteContext,
  req: SimRequest,
  kind: SimRoleAssignment['kind'],
  type: string,
): Record<string, unknown>[] => {
  const raw = req.query.get('$filter');
  const tree = raw === null ? null : parseFilter(raw, PRINCIPAL_FILTER);
  const expand = req.query.get('$expand');
  if (expand !== null && expand !== 'roleDefinition') {
    throw new SimTenantError(
      400,
      'BadRequest',
      `Could not find a property named '${expand}' on type '${type}'.`,
    );
  }
  return ctx.tenant
    .listRoleAssignments()
    .filter((a) => a.kind === kind)
    .map((a) => ({
      id: `${a.roleTemplateId}_${a.principalId}`,
      principalId: a.principalId,
      roleDefinitionId: a.roleTemplateId,
      directoryScopeId: '/',
      memberType: 'Direct',
      status: 'Provisioned',
      ...(expand === null
        ? {}
        : {
            roleDefinition: {
              id: a.roleTemplateId,
              templateId: a.roleTemplateId,
              displayName: roleName(a.roleTemplateId),
            },
          }),
    }))
    .filter((row) => tree === null || matchesFilter(tree, row, PRINCIPAL_FILTER));
};

const SCHEDULE_FIELDS = ['id', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'memberType', 'status'];

const eligibilitySchedules = (ctx: RouteContext, req: SimRequest): SimResponse =>
  guarded(ctx, () => {
    if (!ctx.tenant.hasEntraIdP2)
      return errorResponse(ctx, 400, 'AadPremiumLicenseRequired', GRAPH_MESSAGES.premiumLicenseRequired);
    const rows = scheduleRows(ctx, req, 'eligible', 'microsoft.graph.unifiedRoleEligibilitySchedule');
    return page(ctx, req, rows, {
      entitySet: 'roleManagement/directory/roleEligibilitySchedules',
      select: null,
      defaults: [...SCHEDULE_FIELDS, ...(req.query.has('$expand') ? ['roleDefinition'] : [])],
    });
  });

const roleAssignments = (ctx: RouteContext, req: SimRequest): SimResponse =>
  guarded(ctx, () => {
    const rows = scheduleRows(ctx, req, 'active', 'microsoft.graph.unifiedRoleAssignment');
    return page(ctx, req, rows, {
      entitySet: 'roleManagement/directory/roleAssignments',
      select: null,
      defaults: [
        'id',
        'principalId',
        'roleDefinitionId',
        'directoryScopeId',
        ...(req.query.has('$expand') ? ['roleDefinition'] : []),
      ],
    });
  });

/** Dispatch a role or membership request; undefined when no route matches. */
export const routeRoles = (ctx: RouteContext, req: SimRequest): SimResponse | undefined => {
  if (req.method !== 'GET') return undefined;
  const p = req.path.replace(/\/+$/, '');
  if (p === '/roleManagement/directory/roleEligibilitySchedules') return eligibilitySchedules(ctx, req);
  if (p === '/roleManagement/directory/roleAssignments') return roleAssignments(ctx, req);
  const m = /^\/users\/([^/]+)\/transitiveMemberOf\/microsoft\.graph\.(directoryRole|group)$/.exec(p);
  if (m?.[1] === undefined) return undefined;
  const user = ctx.tenant.getUser(m[1]);
  if (user === undefined) return notFound(ctx, m[1]);
  return m[2] === 'directoryRole' ? transitiveRoles(ctx, req, user.id) : transitiveGroups(ctx, req, user.id);
};
