/**
 * How the connector gets tokens: app-only through @azure/identity (managed identity, certificate or
 * secret - the order config.ts prefers), scope `${baseUrl}/.default` and the configured authority host
 * (national clouds differ), or a static token for the sandbox's Graph simulator only.
 */
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import type { AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import { DomainError } from '../../core/errors.ts';
import { isLoopbackUrl, type GraphConfig } from '../../config/config.ts';

const credentialFor = (config: GraphConfig): TokenCredential | null => {
  const auth = config.auth;
  switch (auth.kind) {
    case 'managed-identity':
      return auth.clientId === undefined
        ? new ManagedIdentityCredential()
        : new ManagedIdentityCredential({ clientId: auth.clientId });
    case 'certificate':
      return new ClientCertificateCredential(auth.tenantId, auth.clientId, auth.certificatePath, {
        authorityHost: config.authorityHost,
      });
    case 'secret':
      return new ClientSecretCredential(auth.tenantId, auth.clientId, auth.clientSecret, {
        authorityHost: config.authorityHost,
      });
    case 'static-token':
      return null;
  }
};

/** The scope an app-only token for this Graph endpoint needs. */
export const graphScope = (baseUrl: string): string => `${baseUrl.replace(/\/+$/, '')}/.default`;

/**
 * The authentication provider for `config`. A static token is refused here as well as in config.ts
 * unless the base URL is loopback: a bearer token must never be sent to a real endpoint by mistake.
 */
export const authProviderFor = (config: GraphConfig): AuthenticationProvider => {
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
  return new TokenCredentialAuthenticationProvider(credential, { scopes: [graphScope(config.baseUrl)] });
};
