/**
 * Tenant-level routes of the Graph simulator: deleted items (the recycle bin), domains, organization
 * and the onPremisesSynchronization features.
 */
import { advancedOnlyOperator, isAdvanced } from './advanced-query.ts';
import { userEntity, userPage } from './routes-users.ts';
import { checkSelect, organizationSchema } from './schema.ts';
import {
  contextUrl,
  errorResponse,
  guarded,
  notFound,
  page,
  parseSelect,
  project,
  type RouteContext,
  type SimRequest,
  type SimResponse,
} from './sim-http.ts';
import { SimTenantError } from './tenant-types.ts';

const USER_TYPE = { '@odata.type': '#microsoft.graph.user' };

/** The recycle bin's users; `$filter` support there is an UNCONFIRMED switch (faults.ts). */
const listDeletedUsers = (ctx: RouteContext, req: SimRequest): SimResponse =>
  guarded(ctx, () => {
    const mode = ctx.faults.options.deletedItemsFilter ?? 'advanced-only';
    if (req.query.has('$filter') && mode === 'unsupported') {
      throw new SimTenantError(400, 'Request_UnsupportedQuery', 'Unsupported Query.');
    }
    if (req.query.has('$filter') && mode === 'advanced-only' && !isAdvanced(req))
      throw advancedOnlyOperator('eq');
    return userPage(ctx, req, 'deleted', 'directory/deletedItems/microsoft.graph.user', USER_TYPE);
  });

const deletedItem = (ctx: RouteContext, req: SimRequest, id: string): SimResponse =>
  guarded(ctx, () => {
    if (req.method === 'DELETE') {
      if (ctx.tenant.getDeletedUser(id) === undefined) return notFound(ctx, id);
      ctx.tenant.hardDeleteUser(id);
      return { status: 204 };
    }
    return userEntity(ctx, req, id, (i) => ctx.tenant.getDeletedUser(i), 'directory/deletedItems', USER_TYPE);
  });

/** `POST /directory/deletedItems/{id}/restore`: 200 with the restored user. */
const restoreItem = (ctx: RouteContext, req: SimRequest, id: string): SimResponse =>
  guarded(ctx, () => {
    if (ctx.tenant.getDeletedUser(id) === undefined) return notFound(ctx, id);
    const body = (req.body ?? {}) as { autoReconcileProxyConflict?: unknown };
    const user = ctx.tenant.restoreUser(id, {
      autoReconcileProxyConflict: body.autoReconcileProxyConflict === true,
    });
    return {
      status: 200,
      body: {
        '@odata.context': contextUrl(ctx, 'directoryObjects', null, true),
        ...USER_TYPE,
        ...project(user, null, RESTORED_FIELDS),
      },
    };
  });

const RESTORED_FIELDS = ['id', 'userPrincipalName', 'displayName', 'mail', 'onPremisesImmutableId'] as const;

const DOMAIN_FIELDS = ['authenticationType', 'id', 'isDefault', 'isInitial', 'isVerified'] as const;
const DOMAIN_PROPS = new Set<string>(DOMAIN_FIELDS);

const domains = (ctx: RouteContext, req: SimRequest, name: string | undefined): SimResponse =>
  guarded(ctx, () => {
    const select = parseSelect(req.query, DOMAIN_PROPS, 'microsoft.graph.domain');
    if (name === undefined) {
      return page(ctx, req, ctx.tenant.listDomains(), {
        entitySet: 'domains',
        select,
        defaults: DOMAIN_FIELDS,
        defaultTop: 999,
      });
    }
    const d = ctx.tenant.getDomain(name);
    if (d === undefined) return notFound(ctx, name);
    return {
      status: 200,
      body: {
        '@odata.context': contextUrl(ctx, 'domains', select, true),
        ...project(d, select, DOMAIN_FIELDS),
      },
    };
  });

/** onPremisesLastPasswordSyncDateTime exists on beta only (schema.ts). */
const organization = (ctx: RouteContext, req: SimRequest): SimResponse =>
  guarded(ctx, () => {
    const schema = organizationSchema(ctx.version);
    const select = checkSelect(req.query, schema, ctx.faults.options.betaOnlyOnV1);
    return page(ctx, req, [ctx.tenant.getOrganization()], {
      entitySet: 'organization',
      select,
      defaults: schema.defaults,
    });
  });

/** App-only reads are an UNCONFIRMED switch (faults.ts); the static sandbox token counts as app-only. */
const onPremSync = (ctx: RouteContext): SimResponse => {
  if ((ctx.faults.options.featuresAppOnly ?? 'refused') === 'refused') {
    return errorResponse(
      ctx,
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  }
  const tenantId = ctx.tenant.getOrganization().id;
  return {
    status: 200,
    body: {
      '@odata.context': `${ctx.serviceRoot}/$metadata#directory/onPremisesSynchronization`,
      value: [
        {
          id: tenantId,
          configuration: { accidentalDeletionPrevention: null },
          features: { ...ctx.tenant.getSyncFeatures() },
        },
      ],
    },
  };
};

/** Dispatch a tenant-level request; undefined when no route matches. */
export const routeDirectory = (ctx: RouteContext, req: SimRequest): SimResponse | undefined => {
  const p = req.path.replace(/\/+$/, '');
  const get = req.method === 'GET';
  if (get && p === '/directory/deletedItems/microsoft.graph.user') return listDeletedUsers(ctx, req);
  const item = /^\/directory\/deletedItems\/([^/]+)$/.exec(p);
  if (item?.[1] !== undefined && (get || req.method === 'DELETE')) return deletedItem(ctx, req, item[1]);
  const restore = /^\/directory\/deletedItems\/([^/]+)\/restore$/.exec(p);
  if (restore?.[1] !== undefined && req.method === 'POST') return restoreItem(ctx, req, restore[1]);
  if (get && p === '/domains') return domains(ctx, req, undefined);
  const domain = /^\/domains\/([^/]+)$/.exec(p);
  if (get && domain?.[1] !== undefined) return domains(ctx, req, domain[1]);
  if (get && p === '/organization') return organization(ctx, req);
  if (get && p === '/directory/onPremisesSynchronization') return onPremSync(ctx);
  return undefined;
};
