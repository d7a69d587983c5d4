/**
 * The Graph simulator's request/response values and Graph's response conventions: error bodies with
 * innerError and request ids, `@odata.context`, `$select` projection (unselected properties absent, as
 * in Graph), and `@odata.nextLink` paging with an opaque `$skiptoken`.
 */
import { randomUUID } from 'node:crypto';
import { countAnswered } from './advanced-query.ts';
import type { FaultController } from './faults.ts';
import type { GraphVersion } from './schema.ts';
import type { SimTenant } from './tenant.ts';
import { SimTenantError } from './tenant-types.ts';
import type { BearerAccess } from './token-validation.ts';

export interface SimRequest {
  readonly method: string;
  /** Path below the version segment, e.g. `/users/abc`, undecoded segments decoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
}

export interface SimResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface RouteContext {
  readonly tenant: SimTenant;
  /** The surface the request came in on: property sets and some rules differ (schema.ts). */
  readonly version: GraphVersion;
  /** `http://127.0.0.1:<port>/v1.0` (or `/beta`), used in @odata.context and nextLinks. */
  readonly serviceRoot: string;
  readonly faults: FaultController;
  readonly requestId: string;
  readonly clientRequestId: string;
  /** The caller's permissions, once the bearer token was checked. */
  readonly access?: BearerAccess;
}

export const newRequestId = (): string => randomUUID();

/** Graph's error envelope. `details` as Graph sends them for ObjectConflict. */
export const errorResponse = (
  ctx: Pick<RouteContext, 'requestId' | 'clientRequestId'>,
  status: number,
  code: string,
  message: string,
  extra: { details?: readonly Record<string, string>[]; headers?: Record<string, string> } = {},
): SimResponse => ({
  status,
  ...(extra.headers === undefined ? {} : { headers: extra.headers }),
  body: {
    error: {
      code,
      message,
      ...(extra.details === undefined ? {} : { details: extra.details }),
      innerError: {
        date: new Date().toISOString().replace(/\.\d{3}Z$/, ''),
        'request-id': ctx.requestId,
        'client-request-id': ctx.clientRequestId,
      },
    },
  },
});

/** A tenant rule violation as Graph reports it; a uniqueness conflict names the holder as `User_<id>`. */
export const tenantErrorResponse = (ctx: RouteContext, e: SimTenantError): SimResponse => {
  if (e.code !== 'ObjectConflict') return errorResponse(ctx, e.status, e.code, e.message);
  const details = [
    { code: 'ObjectConflict', message: e.message, target: e.target ?? '' },
    ...(e.holderId === undefined
      ? []
      : [{ code: 'ConflictingObjects', message: e.message, target: `User_${e.holderId}` }]),
  ];
  return errorResponse(ctx, 400, 'Request_BadRequest', e.message, { details });
};

/** Run a handler, turning SimTenantErrors into Graph error responses. */
export const guarded = (ctx: RouteContext, fn: () => SimResponse): SimResponse => {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SimTenantError) return tenantErrorResponse(ctx, e);
    throw e;
  }
};

export const notFound = (ctx: RouteContext, id: string): SimResponse =>
  errorResponse(
    ctx,
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );

/** The `$select` list, or null when absent. Unknown properties fail the way Graph fails them. */
export const parseSelect = (
  query: URLSearchParams,
  known: ReadonlySet<string>,
  type: string,
): string[] | null => {
  const raw = query.get('$select');
  if (raw === null) return null;
  const props = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const p of props) {
    if (!known.has(p)) {
      throw new SimTenantError(
        400,
        'BadRequest',
        `Could not find a property named '${p}' on type '${type}'.`,
      );
    }
  }
  return props;
};

/** Keep only the selected properties (or the type's default set): unselected ones are absent, not null. */
export const project = (
  record: object,
  select: readonly string[] | null,
  defaults: readonly string[],
): Record<string, unknown> => {
  const source = record as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const p of select ?? defaults) out[p] = source[p] ?? (p === 'businessPhones' ? [] : null);
  return out;
};

export const contextUrl = (
  ctx: RouteContext,
  entitySet: string,
  select: readonly string[] | null,
  entity = false,
): string =>
  `${ctx.serviceRoot}/$metadata#${entitySet}${select === null ? '' : `(${select.join(',')})`}${entity ? '/$entity' : ''}`;

const encodeToken = (offset: number): string => Buffer.from(`RFNwdAIA:${offset}`).toString('base64url');
const decodeToken = (token: string): number => {
  const m = /^RFNwdAIA:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  if (m === null) throw new SimTenantError(400, 'Request_BadRequest', 'Invalid skip token.');
  return Number(m[1]);
};

/**
 * One page of `items` as Graph pages a collection: `$top` (1..999, default `defaultTop`), `$skiptoken`
 * from the previous nextLink, `@odata.count` when asked with `$count=true` as an advanced query. The
 * fault option `pageSize` caps every page (server-driven paging, which OData allows whatever `$top`
 * asked), so a test can make every list arrive through @odata.nextLink.
 */
export const page = (
  ctx: RouteContext,
  req: SimRequest,
  items: readonly object[],
  options: {
    readonly entitySet: string;
    readonly select: string[] | null;
    readonly defaults: readonly string[];
    readonly defaultTop?: number;
    readonly extra?: Record<string, unknown>;
  },
): SimResponse => {
  const topRaw = req.query.get('$top');
  const top = topRaw === null ? (options.defaultTop ?? 100) : Number(topRaw);
  if (!Number.isInteger(top) || top < 1 || top > 999) {
    throw new SimTenantError(
      400,
      'Request_BadRequest',
      `Invalid page size specified: '${topRaw}'. Must be between 1 and 999 inclusive.`,
    );
  }
  const cap = ctx.faults.options.pageSize;
  const size = cap === undefined ? top : Math.min(top, cap);
  const skiptoken = req.query.get('$skiptoken') ?? req.query.get('$skipToken');
  const offset = skiptoken === null ? 0 : decodeToken(skiptoken);
  const slice = items.slice(offset, offset + size);
  const body: Record<string, unknown> = {
    '@odata.context': contextUrl(ctx, options.entitySet, options.select),
  };
  if (countAnswered(req)) body['@odata.count'] = items.length;
  if (offset + size < items.length) {
    const next = new URLSearchParams(req.query);
    next.delete('$skipToken');
    next.set('$skiptoken', encodeToken(offset + size));
    body['@odata.nextLink'] =
      `${ctx.serviceRoot}${req.path}?${next.toString().replace(/\+/g, '%20').replace(/%24/g, '$').replace(/%2C/gi, ',')}`;
  }
  body['value'] = slice.map((r) => ({ ...options.extra, ...project(r, options.select, options.defaults) }));
  return { status: 200, body };
};
