/**
 * How the connector gets tokens: app-only through @azure/identity (managed identity, certificate or
 * secret - the order config.ts prefers), scope `${baseUrl}/.default` and the configured authority host
 * (national clouds differ), or a static token for the sandbox's Graph simulator only. A token that cannot
 * be had becomes a DomainError here - CLOUD.UNAUTHORIZED with what to fix, never the secret.
 */
import {
  AzureAuthorityHosts,
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import { GraphClientError, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../../config/logger.ts';
import { DomainError } from '../../core/errors.ts';
import { isLoopbackUrl, type GraphConfig } from '../../config/config.ts';

/**
 * Authority hosts MSAL knows (the SDK's clouds and their aliases). For these MSAL resolves the cloud from
 * its built-in instance metadata. Any other host - a sovereign or private deployment, or the loopback
 * token simulator - would send MSAL to login.microsoftonline.com for instance discovery, which fails
 * (or is not wanted) outside the public cloud, so for those we turn discovery off and MSAL trusts the
 * configured host as it is (the option the SDK provides for custom authorities).
 */
const WELL_KNOWN_AUTHORITY_HOSTS: ReadonlySet<string> = new Set([
  ...Object.values(AzureAuthorityHosts).map((u) => new URL(u).host),
  'login.microsoft.com',
  'login.windows.net',
  'sts.windows.net',
  'login.partner.microsoftonline.cn',
  'login.usgovcloudapi.net',
  'login-us.microsoftonline.com',
]);

export const isWellKnownAuthorityHost = (authorityHost: string): boolean =>
  WELL_KNOWN_AUTHORITY_HOSTS.has(new URL(authorityHost).host.toLowerCase());

const authorityOptions = (config: GraphConfig) => ({
  authorityHost: config.authorityHost,
  ...(isWellKnownAuthorityHost(config.authorityHost) ? {} : { disableInstanceDiscovery: true }),
});

const credentialFor = (config: GraphConfig): TokenCredential | null => {
  const auth = config.auth;
  switch (auth.kind) {
    case 'managed-identity':
      return auth.clientId === undefined
        ? new ManagedIdentityCredential()
        : new ManagedIdentityCredential({ clientId: auth.clientId });
    case 'certificate':
      return new ClientCertificateCredential(
        auth.tenantId,
        auth.clientId,
        auth.certificatePath,
        authorityOptions(config),
      );
    case 'secret':
      return new ClientSecretCredential(
        auth.tenantId,
        auth.clientId,
        auth.clientSecret,
        authorityOptions(config),
      );
    case 'static-token':
      return null;
  }
};

/** The scope an app-only token for this Graph endpoint needs. */
export const graphScope = (baseUrl: string): string => `${baseUrl.replace(/\/+$/, '')}/.default`;

const LABELS = {
  'managed-identity': 'managed identity',
  certificate: 'client certificate',
  secret: 'client secret',
};

/** What to do about the AADSTS codes an app-only token request most often gets. */
const hintFor = (code: string, config: GraphConfig): string => {
  const ids = config.auth.kind === 'secret' || config.auth.kind === 'certificate' ? config.auth : undefined;
  switch (code) {
    case '7000215':
      return "the client secret is wrong: put the secret's Value (not its Secret ID) in AZURE_CLIENT_SECRET, or create a new secret in the app registration";
    case '7000222':
      return 'the client secret has expired: create a new secret in the app registration and update AZURE_CLIENT_SECRET';
    case '700027':
      return 'the certificate in AZURE_CLIENT_CERTIFICATE_PATH is not registered on the app (or its signature was refused): upload its public certificate under Certificates & secrets of the app registration';
    case '700024':
      return "the client assertion is outside its valid time range: check this server's clock (NTP)";
    case '700016':
      return `no application ${ids?.clientId ?? ''} in tenant ${ids?.tenantId ?? ''}: check AZURE_CLIENT_ID and AZURE_TENANT_ID, and that the app is consented in this tenant`;
    case '90002':
      return `tenant ${ids?.tenantId ?? ''} was not found at ${config.authorityHost}: check AZURE_TENANT_ID and that GRAPH_AUTHORITY_HOST is the cloud of this tenant`;
    case '500011':
      return `the resource ${config.baseUrl} is unknown in this tenant: GRAPH_BASE_URL must be the Graph endpoint of the same cloud as GRAPH_AUTHORITY_HOST`;
    default:
      return `Microsoft Entra ID answered AADSTS${code}: look the code up at https://login.microsoftonline.com/error`;
  }
};

const textsOf = (e: unknown): string[] => {
  const out: string[] = [];
  for (let cur: unknown = e, depth = 0; cur instanceof Error && depth < 5; cur = cur.cause, depth++) {
    out.push(cur.message);
    const description = (cur as { errorResponse?: { errorDescription?: unknown } }).errorResponse
      ?.errorDescription;
    if (typeof description === 'string') out.push(description);
  }
  return out;
};

const NETWORK =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|socket hang up|network|self[- ]signed|UNABLE_TO_VERIFY|unable to get local issuer|endpoints_resolution_error/i;
const FILE = /ENOENT|EACCES|EISDIR|does not contain a PEM-encoded certificate/i;

/** Turn whatever a credential threw into a DomainError that says what to fix. Secrets are scrubbed. */
export const credentialFailure = (e: unknown, config: GraphConfig): DomainError => {
  const auth = config.auth;
  const secret = auth.kind === 'secret' ? auth.clientSecret : undefined;
  const scrub = (s: string): string => (secret === undefined ? s : s.split(secret).join('[redacted]'));
  const text = scrub(textsOf(e).join(' | ')).slice(0, 600);
  const where = {
    credential: auth.kind,
    authorityHost: auth.kind === 'managed-identity' ? undefined : config.authorityHost,
    tenantId: auth.kind === 'secret' || auth.kind === 'certificate' ? auth.tenantId : undefined,
    clientId: auth.kind === 'static-token' ? undefined : auth.clientId,
  };
  const label = auth.kind === 'static-token' ? 'token' : LABELS[auth.kind];
  const aadsts = /AADSTS(\d+)/.exec(text)?.[1];
  if (aadsts !== undefined) {
    return new DomainError(
      'CLOUD.UNAUTHORIZED',
      `Microsoft Entra ID refused the app's ${label} (AADSTS${aadsts}): ${hintFor(aadsts, config)}.`,
      { details: { ...where, aadsts, entraError: text } },
    );
  }
  if (auth.kind === 'certificate' && FILE.test(text)) {
    return new DomainError(
      'CONFIG.INVALID',
      'AZURE_CLIENT_CERTIFICATE_PATH cannot be read as a PEM file with the certificate and its private key.',
      { details: { ...where, problems: ['AZURE_CLIENT_CERTIFICATE_PATH'] } },
    );
  }
  if (NETWORK.test(text)) {
    return new DomainError(
      'CLOUD.UNAVAILABLE',
      auth.kind === 'managed-identity'
        ? 'The managed identity endpoint could not be reached; try again shortly.'
        : `Microsoft Entra ID (${config.authorityHost}) could not be reached or its TLS certificate is not trusted; try again shortly.`,
      { retryable: true, details: { ...where, reason: text } },
    );
  }
  return new DomainError(
    'CLOUD.UNAUTHORIZED',
    auth.kind === 'managed-identity'
      ? 'The managed identity could not get a token: check that it is enabled (system-assigned) or assigned to this app (AZURE_CLIENT_ID for a user-assigned one).'
      : `The app's ${label} could not get a token from Microsoft Entra ID: check AZURE_TENANT_ID, AZURE_CLIENT_ID and the credential.`,
    { details: { ...where, reason: text } },
  );
};

/**
 * The authentication provider for `config`. A static token is refused here as well as in config.ts
 * unless the base URL is loopback: a bearer token must never be sent to a real endpoint by mistake.
 */
export const authProviderFor = (config: GraphConfig, logger?: Logger): AuthenticationProvider => {
  if (config.auth.kind === 'static-token') {
    if (!isLoopbackUrl(config.baseUrl)) {
      throw new DomainError(
        'CONFIG.INVALID',
        'A static Graph token is only allowed with a loopback GRAPH_BASE_URL (the sandbox simulator).',
        {
          details: { problems: ['GRAPH_STATIC_TOKEN'] },
        },
      );
    }
    const token = config.auth.token;
    return { getAccessToken: () => Promise.resolve(token) };
  }
  const credential = credentialFor(config);
  if (credential === null) throw new DomainError('CONFIG.INVALID', 'No Graph credential is configured.');
  const scope = graphScope(config.baseUrl);
  return {
    // The credential caches and renews the token itself (MSAL's cache); this runs once per request.
    getAccessToken: async () => {
      let failure: unknown;
      try {
        const token = await credential.getToken(scope);
        if (token !== null) return token.token;
      } catch (e) {
        failure = e;
      }
      const error = credentialFailure(failure ?? new Error('the credential returned no token'), config);
      // Entra's description is kept: its trace and correlation ids are what Microsoft support asks for.
      logger?.warn({ code: error.code, ...error.details }, error.message);
      // The Graph SDK rewraps any other error thrown inside its middleware and loses the DomainError.
      const wrapped = new GraphClientError(error.message);
      wrapped.cause = error;
      throw wrapped;
    },
  };
};

/** What an app-only access token says about the app, read from its payload (never the token itself). */
export interface TokenClaims {
  /** 'jwt' for a decodable token; 'opaque' for one that is not (the sandbox's static token). */
  readonly kind: 'jwt' | 'opaque';
  readonly appId: string | null;
  readonly tenantId: string | null;
  readonly audience: string | null;
  /** Application permissions granted (the `roles` claim); null when the token does not say. */
  readonly roles: readonly string[] | null;
  readonly expiresAt: string | null;
}

/**
 * The claims of `token`, decoded WITHOUT verification: Graph verifies; this only tells an admin which
 * app, tenant and permissions the credential gave (`hardmatch doctor`).
 */
export const tokenClaims = (token: string): TokenClaims => {
  const opaque: TokenClaims = {
    kind: 'opaque',
    appId: null,
    tenantId: null,
    audience: null,
    roles: null,
    expiresAt: null,
  };
  const part = token.split('.')[1];
  if (part === undefined) return opaque;
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return opaque;
  }
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    kind: 'jwt',
    appId: str(payload['appid']) ?? str(payload['azp']),
    tenantId: str(payload['tid']),
    audience: str(payload['aud']),
    roles: Array.isArray(payload['roles'])
      ? payload['roles'].filter((r): r is string => typeof r === 'string')
      : [],
    expiresAt: typeof payload['exp'] === 'number' ? new Date(payload['exp'] * 1000).toISOString() : null,
  };
};
