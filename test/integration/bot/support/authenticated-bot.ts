/**
 * The bot as production runs it (restify + TeamsAdapter + Application from bot/server.ts, the
 * production app-id check, JWT validation on) against the loopback stand-ins of bot-framework-sim.ts:
 * login.botframework.com's metadata and endorsed keys, Entra for the outbound token (TLS, throwaway CA)
 * and the Teams connector at the activity's serviceUrl. Shared by the JWT and the hostile-input tests.
 */
import { createRequire } from 'node:module';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { MsalServiceClientCredentialsFactory } from 'botframework-connector';
import { loadConfig } from '../../../../config/config.ts';
import { createLogger, type Logger } from '../../../../config/logger.ts';
import { resolveBotAuth } from '../../../../bot/auth.ts';
import { startBotServer, type BotServer, type BotServerOptions } from '../../../../bot/server.ts';
import type { WorldDeps } from '../../../fakes/world.ts';
import { testWorkflow } from '../../../fakes/workflow.ts';
import { createWorld } from '../../../fakes/world.ts';
import {
  CHANNEL_ISSUER,
  makeTls,
  signJwt,
  signingKey,
  startConnector,
  startEntraServer,
  startMetadataServer,
  type Recorded,
  type SigningKey,
  type Sim,
} from './bot-framework-sim.ts';

export const APP_ID = '00000000-0000-0000-0000-00000000000a';
export const SECRET = 'app-secret-for-the-simulated-entra';
export const TENANT = '11111111-1111-1111-1111-111111111111';
export const OTHER_TENANT = '22222222-2222-2222-2222-222222222222';

// What login.botframework.com publishes: keys endorsed per channel. The impostor has the Teams key's kid
// but another key pair; the stranger's kid is not published.
export const teamsKey = signingKey('teams-key', ['msteams']);
export const webchatKey = signingKey('webchat-key', ['webchat', 'directline']);
export const impostor = signingKey('teams-key', ['msteams']);
export const stranger = signingKey('unpublished-key', ['msteams']);

// MSAL as botframework-connector loads it (its own copy), so the seam builds the same client type.
const msal = createRequire(createRequire(import.meta.url).resolve('botframework-connector'))(
  '@azure/msal-node',
);

export interface AuthenticatedBot {
  readonly bot: BotServer;
  readonly metadata: Sim;
  readonly entra: Sim;
  readonly connector: Sim;
  /** Claims as the Bot Connector service sends them to this bot. */
  claims(over?: Record<string, unknown>): Record<string, unknown>;
  /** A Teams message activity from the configured tenant. */
  activity(over?: Record<string, unknown>): Record<string, unknown>;
  /** `Bearer <a token the Bot Connector would send>`. */
  bearer(token?: string): string;
  sign(claims: Record<string, unknown>, key: SigningKey, header?: Record<string, unknown>): string;
  post(body: unknown, authorization?: string): Promise<Response>;
  /** What the bot sent back to the connector (POSTs), since the last `clear`. */
  replies(): Recorded[];
  clear(): void;
  close(): Promise<void>;
}

export const startAuthenticatedBot = async (
  o: { readonly log?: Logger; readonly deps?: WorldDeps } = {},
): Promise<AuthenticatedBot> => {
  const tls = makeTls();
  const metadata = await startMetadataServer(() => [teamsKey, webchatKey]);
  const entra = await startEntraServer(tls, TENANT);
  const connector = await startConnector();
  const auth = resolveBotAuth(
    loadConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: SECRET, MICROSOFT_APP_TENANT_ID: TENANT })
      .env,
  );
  if (auth.mode !== 'authenticated') throw new Error('expected authenticated mode');
  // The public-cloud endpoints, moved to loopback. Setting one makes the library take all as given.
  const options = {
    ...auth.options,
    ToBotFromChannelOpenIdMetadataUrl: `${metadata.url}/v1/.well-known/openidconfiguration`,
    ToBotFromEmulatorOpenIdMetadataUrl: `${metadata.url}/emulator/openid-configuration`,
    ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
    ToChannelFromBotLoginUrl: `${entra.url}/${TENANT}`,
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    OAuthUrl: `${metadata.url}/user-token-service`,
    CallerId: 'urn:botframework:azure',
  };
  // Inbound app-id check: production's own factory. Outbound token: MSAL against the simulated Entra,
  // trusting the test CA through MSAL's agent options (TLS verification stays on).
  const production = new ConfigurationServiceClientCredentialFactory(options);
  const outbound = new MsalServiceClientCredentialsFactory(
    APP_ID,
    new msal.ConfidentialClientApplication({
      auth: {
        clientId: APP_ID,
        clientSecret: SECRET,
        authority: `${entra.url}/${TENANT}`,
        knownAuthorities: [entra.url],
      },
      system: { customAgentOptions: { ca: tls.ca } },
    }),
  );
  const credentialsFactory: NonNullable<BotServerOptions['credentialsFactory']> = {
    isValidAppId: (appId) => production.isValidAppId(appId),
    isAuthenticationDisabled: () => production.isAuthenticationDisabled(),
    createCredentials: (appId, audience, loginEndpoint, validateAuthority) =>
      outbound.createCredentials(appId, audience ?? '', loginEndpoint, validateAuthority),
  };
  const bot = await startBotServer({
    auth: { ...auth, host: '127.0.0.1', options },
    port: 0,
    workflow: testWorkflow(o.deps ?? createWorld().deps),
    log: o.log ?? createLogger({ level: 'silent' }),
    credentialsFactory,
  });
  const serviceUrl = `${connector.url}/`;
  const claims = (over: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    return {
      serviceurl: serviceUrl,
      nbf: now - 60,
      exp: now + 3600,
      iss: CHANNEL_ISSUER,
      aud: APP_ID,
      ...over,
    };
  };
  return {
    bot,
    metadata,
    entra,
    connector,
    claims,
    activity: (over = {}) => ({
      type: 'message',
      id: 'activity-1',
      text: 'help',
      channelId: 'msteams',
      serviceUrl,
      from: { id: '29:requester', aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001' },
      recipient: { id: `28:${APP_ID}` },
      conversation: { id: 'a:personal', conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      ...over,
    }),
    bearer: (token) => `Bearer ${token ?? signJwt(claims(), teamsKey)}`,
    sign: signJwt,
    post: (body, authorization) =>
      fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization === undefined ? {} : { authorization }),
        },
        body: JSON.stringify(body),
      }),
    replies: () => connector.requests.filter((r) => r.method === 'POST'),
    clear: () => {
      connector.requests.length = 0;
    },
    close: async () => {
      await bot.close();
      await Promise.all([metadata.close(), entra.close(), connector.close()]);
    },
  };
};
