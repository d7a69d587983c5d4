/**
 * OAuth error bodies as Microsoft Entra ID's token endpoint sends them: `error`, an `error_description`
 * that starts with the AADSTS code and ends with trace/correlation ids, and `error_codes`. The texts are
 * Entra's own where they are well known (AADSTS7000215, 700016, 90002, 700027, 700024, 1002012); the
 * ones marked "simulator wording" are ours.
 */
import { randomUUID } from 'node:crypto';

export interface OAuthError {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export const entraError = (
  status: number,
  error: string,
  code: number,
  text: string,
  correlationId: string = randomUUID(),
): OAuthError => {
  const traceId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
};

export const tenantNotFound = (tenant: string): OAuthError =>
  entraError(
    400,
    'invalid_tenant',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );

export const appNotFound = (clientId: string, tenant: string): OAuthError =>
  entraError(
    400,
    'unauthorized_client',
    700016,
    `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  );

export const invalidSecret = (clientId: string): OAuthError =>
  entraError(
    401,
    'invalid_client',
    7000215,
    `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  );

export const noCredential = (): OAuthError =>
  entraError(
    401,
    'invalid_client',
    7000218,
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  );

export const certificateNotRegistered = (thumbprint: string, clientId: string): OAuthError =>
  entraError(
    401,
    'invalid_client',
    700027,
    `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
  );

export const badAssertion = (reason: string): OAuthError =>
  // Simulator wording for the reason; the code is the one Entra uses for assertion validation failures.
  entraError(401, 'invalid_client', 700027, `Client assertion failed validation: ${reason}.`);

export const assertionExpired = (): OAuthError =>
  entraError(401, 'invalid_client', 700024, 'Client assertion is not within its valid time range.');

export const invalidScope = (scope: string): OAuthError =>
  entraError(
    400,
    'invalid_scope',
    1002012,
    `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  );

export const unsupportedGrant = (grant: string): OAuthError =>
  // Simulator wording: only the client credentials grant is simulated.
  entraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`);
