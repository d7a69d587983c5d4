/**
 * Bearer tokens as Microsoft Graph checks them, for the Graph simulator: a JWT from the trusted issuer
 * (the token-endpoint simulator's key), for Graph's audience, the simulated tenant and not expired -
 * otherwise 401 InvalidAuthenticationToken; then the app's `roles` against the application permissions
 * the operation needs - otherwise 403 Authorization_RequestDenied "Insufficient privileges to complete
 * the operation.". The static token of the sandbox keeps working and carries every permission.
 */
import type { KeyObject } from 'node:crypto';
import { decodeJwt, nowSeconds, verifyJwtSignature } from '../identity/jwt.ts';
import { errorResponse, type RouteContext, type SimResponse } from './sim-http.ts';

export interface TrustedTokenIssuer {
  /** The token-endpoint simulator's signing key (TokenIssuer.publicKey). */
  readonly publicKey: KeyObject;
  /** The simulated tenant: tokens whose `tid` differs are refused. */
  readonly tenantId: string;
  /** Accepted `aud` values besides the simulator's own URL and Graph's (https://graph.microsoft.com). */
  readonly audiences?: readonly string[];
}

/** What a request may do: `deny` is the 403 for an operation its token has no permission for. */
export interface BearerAccess {
  deny(ctx: RouteContext, method: string, path: string): SimResponse | undefined;
  /** Whether the token carries one of `anyOf` (routes that answer with limited information ask). */
  holds(anyOf: readonly string[]): boolean;
}

const GRAPH_AUDIENCES = ['https://graph.microsoft.com', '00000003-0000-0000-c000-000000000000'];

const READ_DIRECTORY = ['Directory.Read.All', 'Directory.ReadWrite.All'];
const WRITE_DIRECTORY = ['Directory.ReadWrite.All'];

/** Application permissions that allow an operation, any one suffices (Graph's per-API permission tables). */
const RULES: readonly { method: RegExp; path: RegExp; anyOf: readonly string[] }[] = [
  {
    method: /^GET$/,
    path: /^\/users(\/|$)/,
    anyOf: ['User.Read.All', 'User.ReadWrite.All', ...READ_DIRECTORY],
  },
  {
    method: /^POST$/,
    path: /^\/users\/[^/]+\/checkMemberGroups$/,
    anyOf: ['GroupMember.Read.All', 'Group.Read.All', ...READ_DIRECTORY],
  },
  {
    method: /^(PATCH|POST|DELETE)$/,
    path: /^\/users(\/|$)/,
    anyOf: ['User.ReadWrite.All', ...WRITE_DIRECTORY],
  },
  {
    method: /^GET$/,
    path: /^\/directory\/deletedItems/,
    anyOf: ['User.DeleteRestore.All', 'User.Read.All', 'User.ReadWrite.All', ...READ_DIRECTORY],
  },
  {
    method: /^(DELETE|POST)$/,
    path: /^\/directory\/deletedItems/,
    anyOf: ['User.DeleteRestore.All', 'User.ReadWrite.All', ...WRITE_DIRECTORY],
  },
  {
    method: /^GET$/,
    path: /^\/domains/,
    anyOf: ['Domain.Read.All', 'Domain.ReadWrite.All', ...READ_DIRECTORY],
  },
  {
    method: /^GET$/,
    path: /^\/organization/,
    anyOf: ['Organization.Read.All', 'Organization.ReadWrite.All', ...READ_DIRECTORY],
  },
  {
    method: /^GET$/,
    path: /^\/directory\/onPremisesSynchronization/,
    anyOf: ['OnPremDirectorySynchronization.Read.All', 'OnPremDirectorySynchronization.ReadWrite.All'],
  },
  {
    method: /^GET$/,
    path: /^\/roleManagement\/directory\/roleEligibility/,
    anyOf: [
      'RoleEligibilitySchedule.Read.Directory',
      'RoleManagement.Read.Directory',
      'RoleManagement.Read.All',
      ...READ_DIRECTORY,
    ],
  },
  {
    method: /^GET$/,
    path: /^\/roleManagement\//,
    anyOf: ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', ...READ_DIRECTORY],
  },
  { method: /^GET$/, path: /./, anyOf: READ_DIRECTORY },
  { method: /./, path: /./, anyOf: WRITE_DIRECTORY },
];

/** Everything allowed: the sandbox's static token. */
const FULL_ACCESS: BearerAccess = { deny: () => undefined, holds: () => true };

const rolesAccess = (roles: ReadonlySet<string>): BearerAccess => ({
  holds: (anyOf) => anyOf.some((p) => roles.has(p)),
  deny: (ctx, method, path) => {
    if (path === '/$batch') return undefined; // each sub-request is checked on its own
    const rule = RULES.find((r) => r.method.test(method) && r.path.test(path));
    if (rule === undefined || rule.anyOf.some((p) => roles.has(p))) return undefined;
    return errorResponse(
      ctx,
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  },
});

const invalid = (ctx: RouteContext, message: string): SimResponse =>
  errorResponse(ctx, 401, 'InvalidAuthenticationToken', message);

/**
 * Check the Authorization header. Returns the 401 to send, or what the caller may do. `ownUrl` is the
 * simulator's base URL (a token requested for `${GRAPH_BASE_URL}/.default` carries it as `aud`).
 */
export const checkBearer = (
  ctx: RouteContext,
  header: string | undefined,
  staticToken: string,
  trusted: TrustedTokenIssuer | undefined,
  ownUrl: string,
): SimResponse | BearerAccess => {
  if (header === undefined || !/^Bearer\s+\S/i.test(header)) return invalid(ctx, 'Access token is empty.');
  const token = header.replace(/^Bearer\s+/i, '');
  if (token === staticToken) return FULL_ACCESS;
  if (trusted === undefined) return invalid(ctx, 'Access token validation failure. Invalid audience.');
  const jwt = decodeJwt(token);
  if (jwt === null) return invalid(ctx, 'IDX14100: JWT is not well formed, there are no dots (.).');
  if (!verifyJwtSignature(jwt, trusted.publicKey)) return invalid(ctx, 'Access token validation failure.');
  const { aud, exp, nbf, tid, roles } = jwt.payload;
  const audiences = [ownUrl, ...GRAPH_AUDIENCES, ...(trusted.audiences ?? [])];
  if (typeof aud !== 'string' || !audiences.includes(aud.replace(/\/+$/, '')))
    return invalid(ctx, 'Access token validation failure. Invalid audience.');
  const now = nowSeconds();
  if (typeof exp !== 'number' || exp <= now)
    return invalid(ctx, 'Lifetime validation failed, the token is expired.');
  if (typeof nbf === 'number' && nbf > now + 300)
    return invalid(ctx, 'Lifetime validation failed, the token is not yet valid.');
  // Simulator wording: one tenant is simulated, so a token of any other tenant cannot be honoured.
  if (typeof tid !== 'string' || tid.toLowerCase() !== trusted.tenantId.toLowerCase())
    return invalid(ctx, 'Access token validation failure. Invalid tenant.');
  return rolesAccess(
    new Set(Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : []),
  );
};
