/**
 * The Graph simulator's HTTP server (node:http, no framework): the v1.0 and beta surfaces (their property
 * sets differ: schema.ts), bearer-token check, fault injection, `$batch`, and Graph's headers
 * (`request-id`, `client-request-id`) and error bodies. The routes live in routes-users.ts,
 * routes-roles.ts and routes-directory.ts; the tenant is a {@link SimTenant}.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultController, type FaultDecision, type GraphFaultOptions } from './faults.ts';
import { routeDirectory } from './routes-directory.ts';
import { routeRoles } from './routes-roles.ts';
import { routeUsers } from './routes-users.ts';
import type { GraphVersion } from './schema.ts';
import {
  errorResponse,
  newRequestId,
  type RouteContext,
  type SimRequest,
  type SimResponse,
} from './sim-http.ts';
import type { SimTenant } from './tenant.ts';
import { checkBearer, type BearerAccess, type TrustedTokenIssuer } from './token-validation.ts';

export interface GraphSimulatorOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Loopback only by design; default 127.0.0.1. */
  readonly host?: string;
  readonly tenant: SimTenant;
  /** A static bearer token the simulator accepts (every permission). */
  readonly token: string;
  /** Also accept JWTs from this issuer (the token-endpoint simulator), checking audience, expiry, tenant, roles. */
  readonly trustedIssuer?: TrustedTokenIssuer;
  readonly faults?: GraphFaultOptions;
}

export interface GraphSimulator {
  /** Base URL for GRAPH_BASE_URL, e.g. `http://127.0.0.1:53211` (no version segment). */
  readonly url: string;
  readonly tenant: SimTenant;
  /** Change fault rates and modes, queue one-shot faults, read request counts. */
  readonly faults: FaultController;
  close(): Promise<void>;
}

const JSON_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const MAX_BATCH = 20;

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const lowerHeaders = (h: Readonly<Record<string, unknown>>): Record<string, string | undefined> =>
  Object.fromEntries(
    Object.entries(h).map(([k, v]) => [
      k.toLowerCase(),
      Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : undefined,
    ]),
  );

const splitUrl = (raw: string): { path: string; query: URLSearchParams } => {
  const u = new URL(raw, 'http://simulator/');
  const path = u.pathname
    .split('/')
    .map((s) => decodeURIComponent(s))
    .join('/');
  return { path, query: new URLSearchParams(u.search) };
};

const faultResponse = (
  ctx: RouteContext,
  f: FaultDecision,
): SimResponse | 'drop' | 'drop-after' | undefined => {
  if (f.kind === 'none') return undefined;
  if (f.kind === 'drop' || f.kind === 'drop-after') return f.kind;
  const headers =
    f.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(f.retryAfterSeconds) };
  if (f.kind === 429) {
    return errorResponse(
      ctx,
      429,
      'TooManyRequests',
      'Please retry again later.',
      headers === undefined ? {} : { headers },
    );
  }
  return errorResponse(
    ctx,
    f.kind,
    'ServiceUnavailable',
    'The service is temporarily unavailable. Please try again later.',
    headers === undefined ? {} : { headers },
  );
};

const dispatch = (ctx: RouteContext, req: SimRequest): SimResponse => {
  try {
    const routed = routeUsers(ctx, req) ?? routeRoles(ctx, req) ?? routeDirectory(ctx, req);
    if (routed !== undefined) return routed;
    const segment =
      req.path
        .split('/')
        .filter((s) => s !== '')
        .pop() ?? '';
    return errorResponse(ctx, 400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
  } catch (e) {
    return errorResponse(
      ctx,
      500,
      'InternalServerError',
      e instanceof Error ? e.message : 'Simulator failure.',
    );
  }
};

interface BatchItem {
  readonly id?: unknown;
  readonly method?: unknown;
  readonly url?: unknown;
  readonly headers?: unknown;
  readonly body?: unknown;
}

const runBatch = (ctx: RouteContext, body: unknown, access: BearerAccess): SimResponse => {
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) {
    return errorResponse(ctx, 400, 'BadRequest', 'Invalid batch payload format.');
  }
  if (requests.length > MAX_BATCH) {
    return errorResponse(ctx, 400, 'BadRequest', `Limit of ${MAX_BATCH} requests per batch exceeded.`);
  }
  const responses = (requests as BatchItem[]).map((item) => {
    const id = typeof item.id === 'string' ? item.id : '';
    const requestId = newRequestId();
    const sub: RouteContext = { ...ctx, requestId };
    if (typeof item.method !== 'string' || typeof item.url !== 'string' || id === '') {
      return {
        id,
        status: 400,
        body: errorResponse(sub, 400, 'BadRequest', 'Invalid batch request: id, method and url are required.')
          .body,
      };
    }
    ctx.faults.stats.batchItems++;
    const { path, query } = splitUrl(item.url);
    const headers = lowerHeaders((item.headers ?? {}) as Record<string, unknown>);
    const fault = faultResponse(sub, ctx.faults.decide(path, true, ctx.version));
    const method = item.method.toUpperCase();
    const res =
      fault !== undefined && typeof fault !== 'string'
        ? fault
        : (access.deny(sub, method, path) ??
          dispatch({ ...sub, access }, { method, path, query, headers, body: item.body ?? null }));
    return {
      id,
      status: res.status,
      headers: {
        'request-id': requestId,
        ...(res.body === undefined ? {} : { 'Content-Type': JSON_TYPE }),
        ...res.headers,
      },
      ...(res.body === undefined ? {} : { body: res.body }),
    };
  });
  return { status: 200, body: { responses } };
};

const send = (res: ServerResponse, ctx: RouteContext, out: SimResponse): void => {
  const headers: Record<string, string> = {
    'request-id': ctx.requestId,
    'client-request-id': ctx.clientRequestId,
    'Cache-Control': 'no-cache',
    ...out.headers,
  };
  // Not chained: restify (loaded in the same process by the bot and the relay) replaces
  // ServerResponse.prototype.writeHead with a version that does not return `this`.
  if (out.body === undefined) {
    res.writeHead(out.status, headers);
    res.end();
    return;
  }
  res.writeHead(out.status, { ...headers, 'Content-Type': JSON_TYPE });
  res.end(JSON.stringify(out.body));
};

/** Start the simulator on loopback. Resolves once it listens. */
export const startGraphSimulator = async (options: GraphSimulatorOptions): Promise<GraphSimulator> => {
  const faults = new FaultController(options.faults);
  const host = options.host ?? '127.0.0.1';
  let url = '';

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const headers = lowerHeaders(req.headers);
    const { path: fullPath, query } = splitUrl(req.url ?? '/');
    const version: GraphVersion = fullPath.startsWith('/beta/') ? 'beta' : 'v1.0';
    const ctx: RouteContext = {
      tenant: options.tenant,
      version,
      serviceRoot: `${url}/${version}`,
      faults,
      requestId: newRequestId(),
      clientRequestId: headers['client-request-id'] ?? newRequestId(),
    };
    const raw = await readBody(req);
    faults.stats.httpRequests++;
    faults.record(req.method ?? 'GET', req.url ?? '/', headers, ctx.requestId);
    const latency = faults.options.latencyMs ?? 0;
    if (latency > 0) await sleep(latency);
    const betaRefused = version === 'beta' && faults.options.beta === 'unavailable';
    if (!(fullPath.startsWith('/v1.0/') || fullPath.startsWith('/beta/')) || betaRefused) {
      // Simulator wording: what a gateway that serves only v1.0 would say.
      send(
        res,
        ctx,
        errorResponse(ctx, 400, 'BadRequest', `Invalid version: ${fullPath.split('/')[1] ?? ''}.`),
      );
      return;
    }
    const path = fullPath.slice(version.length + 1);
    const fault = faultResponse(ctx, faults.decide(path, false, version));
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault !== undefined && fault !== 'drop-after') return send(res, ctx, fault);
    const access = checkBearer(ctx, headers['authorization'], options.token, options.trustedIssuer, url);
    if ('status' in access) return send(res, ctx, access);
    let body: unknown = null;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, ctx, errorResponse(ctx, 400, 'BadRequest', 'Unable to read JSON request payload.'));
      }
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const out =
      path === '/$batch' && method === 'POST'
        ? runBatch(ctx, body, access)
        : (access.deny(ctx, method, path) ??
          dispatch({ ...ctx, access }, { method, path, query, headers, body }));
    // The request took effect but the answer is lost: what makes retried writes interesting.
    if (fault === 'drop-after') {
      req.socket.destroy();
      return;
    }
    send(res, ctx, out);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    tenant: options.tenant,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
