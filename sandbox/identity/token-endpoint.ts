/**
 * A simulated Microsoft Entra ID token endpoint on loopback, for the real @azure/identity credentials:
 * served over TLS (MSAL refuses http authorities) with what MSAL calls - OpenID configuration, instance
 * discovery, JWKS and the v2.0 token endpoint (client credentials with a client secret or with a
 * certificate-signed client assertion) - plus, on plain http, the App Service managed-identity endpoint
 * (IDENTITY_ENDPOINT + IDENTITY_HEADER). Access tokens are JWTs signed by {@link TokenIssuer}.
 */
import { randomUUID, timingSafeEqual, X509Certificate } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import * as errors from './entra-errors.ts';
import { TokenIssuer, type AppIdentity } from './issuer.ts';
import { decodeJwt, nowSeconds, verifyJwtSignature } from './jwt.ts';
import { handleManagedIdentity, type SimManagedIdentity } from './managed-identity.ts';
import { certificateThumbprint } from './pki.ts';

export interface SimAppRegistration extends Omit<AppIdentity, 'tenantId' | 'displayName'> {
  readonly displayName?: string;
  readonly secrets?: readonly string[];
  /** Public certificates (PEM) uploaded to the app registration. */
  readonly certificates?: readonly string[];
}

export interface SimIdentityTenant {
  readonly tenantId: string;
  readonly apps: readonly SimAppRegistration[];
}

export interface TokenEndpointOptions {
  readonly tls: { readonly cert: string; readonly key: string };
  readonly tenants: readonly SimIdentityTenant[];
  readonly managedIdentities?: readonly SimManagedIdentity[];
  /** Default 3599 s, like Entra. */
  readonly tokenLifetimeSeconds?: number;
  /** Loopback only; default 127.0.0.1. */
  readonly host?: string;
  /** Share a signing key with another endpoint (two clouds, one trusted key); default a new one. */
  readonly issuer?: TokenIssuer;
}

/** One token request and how it ended (`issued` or the AADSTS code / MI failure). */
export interface TokenRequestRecord {
  readonly kind: 'client_secret' | 'client_assertion' | 'managed_identity' | 'none';
  readonly tenantId: string;
  readonly clientId: string;
  readonly resource: string;
  readonly outcome: string;
}

export interface TokenEndpoint {
  /** GRAPH_AUTHORITY_HOST, e.g. `https://127.0.0.1:41234`. */
  readonly authorityHost: string;
  /** IDENTITY_ENDPOINT for ManagedIdentityCredential (App Service source). */
  readonly identityEndpoint: string;
  /** IDENTITY_HEADER: the secret the managed-identity endpoint expects. */
  readonly identityHeader: string;
  readonly issuer: TokenIssuer;
  /** Token requests in arrival order (secret-free). */
  readonly requests: TokenRequestRecord[];
  /** Every path the TLS server was asked for, in order. */
  readonly paths: string[];
  close(): Promise<void>;
}

const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
};

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const listen = async (server: Server, host: string): Promise<number> => {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
};

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Start both listeners on loopback, port 0. */
export const startTokenEndpoint = async (options: TokenEndpointOptions): Promise<TokenEndpoint> => {
  const host = options.host ?? '127.0.0.1';
  const lifetime = options.tokenLifetimeSeconds ?? 3599;
  const issuer = options.issuer ?? new TokenIssuer();
  const requests: TokenRequestRecord[] = [];
  const paths: string[] = [];
  const identityHeader = randomUUID();
  const tenants = new Map(options.tenants.map((t) => [t.tenantId.toLowerCase(), t]));
  let authorityHost = '';

  const authority = (tenant: string): string => `${authorityHost}/${tenant}`;
  const openIdConfiguration = (tenant: string) => ({
    token_endpoint: `${authority(tenant)}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${authority(tenant)}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${authority(tenant)}/v2.0`,
    authorization_endpoint: `${authority(tenant)}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${authority(tenant)}/oauth2/v2.0/logout`,
    tenant_region_scope: 'WW',
    cloud_instance_name: new URL(authorityHost).host,
  });

  /** Check a client assertion against the app's registered certificates; null when it is good. */
  const assertionProblem = (
    app: SimAppRegistration,
    assertion: string,
    audience: string,
  ): errors.OAuthError | null => {
    const jwt = decodeJwt(assertion);
    if (jwt === null) return errors.badAssertion('not a JWS compact serialization');
    const s256 = jwt.header['x5t#S256'];
    const s1 = jwt.header['x5t'];
    const certificate = (app.certificates ?? []).find(
      (pem) =>
        (typeof s256 === 'string' && certificateThumbprint(pem, 'sha256') === s256) ||
        (typeof s1 === 'string' && certificateThumbprint(pem, 'sha1') === s1),
    );
    if (certificate === undefined) {
      const shown = typeof s256 === 'string' ? s256 : typeof s1 === 'string' ? s1 : '';
      return errors.certificateNotRegistered(
        Buffer.from(shown, 'base64url').toString('hex').toUpperCase(),
        app.clientId,
      );
    }
    if (!verifyJwtSignature(jwt, new X509Certificate(certificate).publicKey))
      return errors.badAssertion('the signature does not match the registered certificate');
    const { aud, iss, sub, exp, nbf } = jwt.payload;
    if (aud !== audience) return errors.badAssertion(`audience '${String(aud)}' is not this token endpoint`);
    if (iss !== app.clientId || sub !== app.clientId)
      return errors.badAssertion('iss and sub must both be the client id');
    const now = nowSeconds();
    if (typeof exp !== 'number' || exp <= now || (typeof nbf === 'number' && nbf > now + 300))
      return errors.assertionExpired();
    return null;
  };

  const token = (tenantPath: string, form: URLSearchParams, res: ServerResponse): void => {
    const clientId = form.get('client_id') ?? '';
    const scope = form.get('scope') ?? '';
    const record = (kind: TokenRequestRecord['kind'], outcome: string): void => {
      requests.push({
        kind,
        tenantId: tenantPath,
        clientId,
        resource: scope.replace(/\/\.default$/, ''),
        outcome,
      });
    };
    const fail = (kind: TokenRequestRecord['kind'], e: errors.OAuthError): void => {
      record(kind, String((e.body['error_codes'] as number[])[0]));
      send(res, e.status, e.body);
    };
    const kind: TokenRequestRecord['kind'] = form.has('client_assertion')
      ? 'client_assertion'
      : form.has('client_secret')
        ? 'client_secret'
        : 'none';
    const tenant = tenants.get(tenantPath.toLowerCase());
    if (tenant === undefined) return fail(kind, errors.tenantNotFound(tenantPath));
    const grant = form.get('grant_type') ?? '';
    if (grant !== 'client_credentials') return fail(kind, errors.unsupportedGrant(grant));
    const app = tenant.apps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase());
    if (app === undefined) return fail(kind, errors.appNotFound(clientId, tenantPath));
    const scopes = scope.split(' ').filter((s) => s !== '');
    if (scopes.length !== 1 || !scopes[0]!.endsWith('/.default'))
      return fail(kind, errors.invalidScope(scope));
    if (kind === 'none') return fail(kind, errors.noCredential());
    if (kind === 'client_secret') {
      const secret = form.get('client_secret') ?? '';
      if (!(app.secrets ?? []).some((s) => sameSecret(s, secret)))
        return fail(kind, errors.invalidSecret(app.clientId));
    } else {
      if (form.get('client_assertion_type') !== ASSERTION_TYPE)
        return fail(kind, errors.badAssertion(`client_assertion_type must be ${ASSERTION_TYPE}`));
      const problem = assertionProblem(
        app,
        form.get('client_assertion') ?? '',
        `${authority(tenantPath)}/oauth2/v2.0/token`,
      );
      if (problem !== null) return fail(kind, problem);
    }
    const minted = issuer.mint({
      app: { ...app, tenantId: tenant.tenantId, displayName: app.displayName ?? app.clientId },
      audience: scopes[0]!.replace(/\/\.default$/, ''),
      credentialType: kind === 'client_secret' ? 1 : 2,
      issuer: `${authority(tenant.tenantId)}/`,
      lifetimeSeconds: lifetime,
    });
    record(kind, 'issued');
    send(res, 200, {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: minted.token,
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://simulator/');
    paths.push(url.pathname);
    const raw = await readBody(req);
    const segments = url.pathname.split('/').filter((s) => s !== '');
    const [tenant, ...rest] = segments.map((s) => decodeURIComponent(s));
    const tail = rest.join('/');
    if (req.method === 'GET' && tenant === 'common' && tail === 'discovery/instance') {
      const hostPort = new URL(authorityHost).host;
      return send(res, 200, {
        tenant_discovery_endpoint: `${authorityHost}/common/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: hostPort, preferred_cache: hostPort, aliases: [hostPort] }],
      });
    }
    if (tenant === undefined) return send(res, 404, { error: 'not_found' });
    const known = tenants.has(tenant.toLowerCase());
    if (req.method === 'GET' && tail === 'v2.0/.well-known/openid-configuration') {
      if (!known) {
        const e = errors.tenantNotFound(tenant);
        return send(res, e.status, e.body);
      }
      return send(res, 200, openIdConfiguration(tenant));
    }
    if (req.method === 'GET' && tail === 'discovery/v2.0/keys') return send(res, 200, issuer.jwks());
    if (req.method === 'POST' && tail === 'oauth2/v2.0/token')
      return token(tenant, new URLSearchParams(raw), res);
    return send(res, 404, { error: 'not_found', error_description: `No such endpoint: ${url.pathname}` });
  };

  const onError = (res: ServerResponse) => (): void => {
    if (!res.headersSent) res.writeHead(500);
    res.end();
  };
  const tlsServer = createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, (req, res) => {
    handle(req, res).catch(onError(res));
  });
  const miServer = createHttpServer((req, res) => {
    handleManagedIdentity(req, res, {
      identities: options.managedIdentities ?? [],
      identityHeader,
      issuer,
      issuerUrl: (tenantId) => `${authority(tenantId)}/`,
      lifetimeSeconds: lifetime,
      record: (r) => requests.push(r),
    });
  });
  const bracket = host.includes(':') ? `[${host}]` : host;
  authorityHost = `https://${bracket}:${await listen(tlsServer, host)}`;
  const identityEndpoint = `http://${bracket}:${await listen(miServer, host)}/msi/token`;
  const stop = (server: typeof tlsServer | typeof miServer) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    authorityHost,
    identityEndpoint,
    identityHeader,
    issuer,
    requests,
    paths,
    close: async () => {
      await Promise.all([stop(tlsServer), stop(miServer)]);
    },
  };
};
