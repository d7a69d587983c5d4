/**
 * The App Service managed-identity endpoint (api-version 2019-08-01) that ManagedIdentityCredential calls
 * when IDENTITY_ENDPOINT and IDENTITY_HEADER are set: `GET ?resource=...&api-version=2019-08-01`
 * (`&client_id=` for a user-assigned identity) with the `X-IDENTITY-HEADER` secret; answers
 * `{access_token, expires_on, resource, token_type, client_id}` with `expires_on` in epoch seconds.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenIssuer } from './issuer.ts';

export interface SimManagedIdentity {
  readonly tenantId: string;
  /** The identity's application (client) id. */
  readonly clientId: string;
  readonly roles: readonly string[];
  /** The system-assigned identity answers requests without a client_id; at most one. */
  readonly systemAssigned?: boolean;
}

export interface ManagedIdentityContext {
  readonly identities: readonly SimManagedIdentity[];
  readonly identityHeader: string;
  readonly issuer: TokenIssuer;
  readonly issuerUrl: (tenantId: string) => string;
  readonly lifetimeSeconds: number;
  readonly record: (r: {
    kind: 'managed_identity';
    tenantId: string;
    clientId: string;
    resource: string;
    outcome: string;
  }) => void;
}

const answer = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
};

export const handleManagedIdentity = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ManagedIdentityContext,
): void => {
  const url = new URL(req.url ?? '/', 'http://simulator/');
  const q = url.searchParams;
  const resource = q.get('resource') ?? '';
  const clientId = q.get('client_id') ?? '';
  const fail = (status: number, message: string): void => {
    ctx.record({ kind: 'managed_identity', tenantId: '', clientId, resource, outcome: String(status) });
    answer(res, status, { statusCode: status, message, correlationId: crypto.randomUUID() });
  };
  if (req.method !== 'GET' || url.pathname !== '/msi/token') return fail(404, 'Not found.');
  if (req.headers['x-identity-header'] !== ctx.identityHeader)
    return fail(401, 'The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.');
  if (q.get('api-version') !== '2019-08-01') return fail(400, 'Unsupported api-version.');
  if (resource === '') return fail(400, "The 'resource' query parameter is required.");
  const identity =
    clientId === ''
      ? ctx.identities.find((i) => i.systemAssigned === true)
      : ctx.identities.find((i) => i.clientId.toLowerCase() === clientId.toLowerCase());
  if (identity === undefined)
    return fail(400, 'No managed identity matches the request (is it assigned to this app?).');
  const minted = ctx.issuer.mint({
    app: { ...identity, displayName: `managed identity ${identity.clientId}` },
    audience: resource.replace(/\/\.default$/, ''),
    credentialType: 2,
    issuer: ctx.issuerUrl(identity.tenantId),
    lifetimeSeconds: ctx.lifetimeSeconds,
    managedIdentity: true,
  });
  ctx.record({
    kind: 'managed_identity',
    tenantId: identity.tenantId,
    clientId: identity.clientId,
    resource,
    outcome: 'issued',
  });
  answer(res, 200, {
    access_token: minted.token,
    expires_on: String(minted.expiresOn),
    resource,
    token_type: 'Bearer',
    client_id: identity.clientId,
  });
};
