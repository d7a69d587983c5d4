/**
 * The real Bot Framework authentication path with real signed tokens, offline: restify + TeamsAdapter +
 * Application as bot/server.ts builds them, with the production app-id check, against loopback stand-ins
 * for login.botframework.com (OpenID metadata, endorsed keys), Entra (the bot's outbound token, over TLS
 * with a throwaway CA) and the Teams connector at the activity's serviceUrl.
 */
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { MsalServiceClientCredentialsFactory } from 'botframework-connector';
import { loadConfig } from '../../../config/config.ts';
import { createLogger } from '../../../config/logger.ts';
import { resolveBotAuth } from '../../../bot/auth.ts';
import { startBotServer, type BotServer, type BotServerOptions } from '../../../bot/server.ts';
import { createWorld } from '../../fakes/world.ts';
import { testWorkflow } from '../../fakes/workflow.ts';
import {
  CHANNEL_ISSUER,
  OUTBOUND_TOKEN,
  makeTls,
  signJwt,
  signingKey,
  startConnector,
  startEntraServer,
  startMetadataServer,
  type Sim,
} from './support/bot-framework-sim.ts';

const APP_ID = '00000000-0000-0000-0000-00000000000a';
const SECRET = 'app-secret-for-the-simulated-entra';
const TENANT = '11111111-1111-1111-1111-111111111111';
const OTHER_TENANT = '22222222-2222-2222-2222-222222222222';

// What login.botframework.com publishes: keys endorsed per channel. The impostor has the Teams key's kid
// but another key pair; the stranger's kid is not published.
const teamsKey = signingKey('teams-key', ['msteams']);
const webchatKey = signingKey('webchat-key', ['webchat', 'directline']);
const impostor = signingKey('teams-key', ['msteams']);
const stranger = signingKey('unpublished-key', ['msteams']);

// MSAL as botframework-connector loads it (its own copy), so the seam builds the same client type.
const msal = createRequire(createRequire(import.meta.url).resolve('botframework-connector'))(
  '@azure/msal-node',
);

let metadata: Sim;
let entra: Sim;
let connector: Sim;
let bot: BotServer;

beforeAll(async () => {
  const tls = makeTls();
  metadata = await startMetadataServer(() => [teamsKey, webchatKey]);
  entra = await startEntraServer(tls, TENANT);
  connector = await startConnector();
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
  bot = await startBotServer({
    auth: { ...auth, host: '127.0.0.1', options },
    port: 0,
    workflow: testWorkflow(createWorld().deps),
    log: createLogger({ level: 'silent' }),
    credentialsFactory,
  });
});

afterAll(async () => {
  await bot?.close();
  await Promise.all([metadata?.close(), entra?.close(), connector?.close()]);
});

beforeEach(() => {
  connector.requests.length = 0;
});

const serviceUrl = () => `${connector.url}/`;

const activity = (over: Record<string, unknown> = {}) => ({
  type: 'message',
  id: 'activity-1',
  text: 'help',
  channelId: 'msteams',
  serviceUrl: serviceUrl(),
  from: { id: '29:requester', aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001' },
  recipient: { id: `28:${APP_ID}` },
  conversation: { id: 'a:personal', conversationType: 'personal', tenantId: TENANT },
  channelData: { tenant: { id: TENANT } },
  ...over,
});

/** Claims as the Bot Connector service sends them to this bot. */
const claims = (over: Record<string, unknown> = {}) => {
  const now = Math.floor(Date.now() / 1000);
  return {
    serviceurl: serviceUrl(),
    nbf: now - 60,
    exp: now + 3600,
    iss: CHANNEL_ISSUER,
    aud: APP_ID,
    ...over,
  };
};

const post = (body: unknown, authorization?: string) =>
  fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: JSON.stringify(body),
  });

const bearer = (token: string) => `Bearer ${token}`;
const replies = () => connector.requests.filter((r) => r.method === 'POST');

describe('a token the Bot Connector would send', () => {
  it('is accepted: the bot answers through the connector with a token from Entra', async () => {
    const res = await post(activity(), bearer(signJwt(claims(), teamsKey)));
    expect(res.status).toBe(200);

    const answer = replies().find((r) => JSON.parse(r.body).type === 'message');
    expect(answer?.url).toBe('/v3/conversations/a%3Apersonal/activities/activity-1');
    expect(answer?.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
    expect(JSON.parse(answer!.body)).toMatchObject({
      replyToId: 'activity-1',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }],
    });

    const grant = entra.requests.find((r) => r.url.split('?')[0] === `/${TENANT}/oauth2/v2.0/token`);
    const form = new URLSearchParams(grant?.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe(APP_ID);
    expect(form.get('client_secret')).toBe(SECRET);
    expect(form.get('scope')).toBe('https://api.botframework.com/.default');
    expect(metadata.requests.map((r) => r.url)).toEqual(
      expect.arrayContaining(['/v1/.well-known/openidconfiguration', '/v1/.well-known/keys']),
    );
  });
});

describe('refused before any route runs', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const hs256 = (): string => {
    // The classic key confusion: HMAC "signed" with the published public key as the secret.
    const head = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'teams-key' })).toString(
      'base64url',
    );
    const body = Buffer.from(JSON.stringify(claims())).toString('base64url');
    const pem = teamsKey.publicKey.export({
      type: 'pkcs1',
      format: 'pem',
    });
    return `${head}.${body}.${createHmac('sha256', pem).update(`${head}.${body}`).digest('base64url')}`;
  };
  const unsigned = (): string => {
    const [head, body] = signJwt(claims(), teamsKey, { alg: 'none' }).split('.');
    return `${head}.${body}.`;
  };
  // 500, not 401, where jsonwebtoken itself rejects the token (signature, algorithm, nbf): botframework-
  // connector 4.23 rethrows those errors as they are, and CloudAdapter answers 500 to anything that is
  // not an AuthenticationError. Still a refusal: the turn never starts. Pinned so a library change shows.
  const cases: {
    name: string;
    authorization: () => string;
    over?: Record<string, unknown>;
    status: number;
  }[] = [
    { name: 'no Bearer scheme', authorization: () => `Basic ${signJwt(claims(), teamsKey)}`, status: 401 },
    {
      name: 'expired (past the 5 minutes of clock skew)',
      authorization: () => bearer(signJwt(claims({ nbf: now() - 7200, exp: now() - 600 }), teamsKey)),
      status: 401,
    },
    {
      name: 'not valid yet (nbf an hour ahead)',
      authorization: () => bearer(signJwt(claims({ nbf: now() + 3600, exp: now() + 7200 }), teamsKey)),
      status: 500,
    },
    {
      name: 'for another bot (aud)',
      authorization: () => bearer(signJwt(claims({ aud: 'another-app-id' }), teamsKey)),
      status: 401,
    },
    {
      name: 'without aud',
      authorization: () => bearer(signJwt(claims({ aud: undefined }), teamsKey)),
      status: 401,
    },
    {
      name: 'from another issuer',
      authorization: () => bearer(signJwt(claims({ iss: 'https://login.example.net/' }), teamsKey)),
      status: 401,
    },
    {
      name: 'bad signature (the published kid, another key pair)',
      authorization: () => bearer(signJwt(claims(), impostor)),
      status: 500,
    },
    { name: 'alg none', authorization: () => bearer(unsigned()), status: 500 },
    { name: 'HS256 with the public key as secret', authorization: () => bearer(hs256()), status: 500 },
    {
      // The Emulator path of the library (issuer: the Bot Framework tenant) reads its own metadata, moved
      // to loopback here with no keys: nothing from that side is trusted.
      name: 'an Emulator-style token (Bot Framework tenant issuer)',
      authorization: () =>
        bearer(
          signJwt(
            claims({
              iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/',
              appid: APP_ID,
              ver: '1.0',
            }),
            teamsKey,
          ),
        ),
      status: 401,
    },
    {
      name: 'signed by a key whose kid is not published',
      authorization: () => bearer(signJwt(claims(), stranger)),
      status: 401,
    },
    {
      name: 'a key endorsed for webchat signing a Teams activity',
      authorization: () => bearer(signJwt(claims(), webchatKey)),
      status: 401,
    },
    {
      // Endorsements cannot be checked without a channel; the library fails on it (TypeError).
      name: 'an activity without a channelId',
      authorization: () => bearer(signJwt(claims(), teamsKey)),
      over: { channelId: undefined },
      status: 500,
    },
    {
      name: 'replies redirected: the activity serviceUrl is not the one in the token',
      authorization: () => bearer(signJwt(claims(), teamsKey)),
      over: { serviceUrl: 'http://127.0.0.1:9/' },
      status: 401,
    },
  ];

  it.each(cases)('$name -> $status', async ({ authorization, over, status }) => {
    const res = await post(activity(over), authorization());
    expect(res.status).toBe(status);
    expect(replies()).toEqual([]);
  });
});

describe('a valid token, then the tenant guard', () => {
  const token = () => bearer(signJwt(claims(), teamsKey));
  const search = {
    type: 'invoke',
    name: 'application/search',
    value: { kind: 'search', dataset: 'hm.ad-users', queryText: 'ja', queryOptions: { skip: 0, top: 15 } },
  };

  it('answers an invoke from the configured tenant (the guard is not in the way)', async () => {
    const res = await post(activity(search), token());
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ type: 'application/vnd.microsoft.search.searchResponse' });
  });

  it('a message from another tenant gets no answer', async () => {
    const other = {
      channelData: { tenant: { id: OTHER_TENANT } },
      conversation: { id: 'a:x', tenantId: OTHER_TENANT },
    };
    const res = await post(activity(other), token());
    expect(res.status).toBe(200);
    expect(replies()).toEqual([]);
  });

  it('an invoke from another tenant is refused with 403 and no result', async () => {
    const res = await post(activity({ ...search, channelData: { tenant: { id: OTHER_TENANT } } }), token());
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('searchResponse');
    expect(replies()).toEqual([]);
  });

  it('an activity naming no tenant at all gets no answer', async () => {
    const res = await post(activity({ channelData: {}, conversation: { id: 'a:personal' } }), token());
    expect(res.status).toBe(200);
    expect(replies()).toEqual([]);
  });

  it('an activity whose two tenant fields disagree gets no answer', async () => {
    const mixed = { conversation: { id: 'a:personal', tenantId: OTHER_TENANT } };
    const res = await post(activity(mixed), token());
    expect(res.status).toBe(200);
    expect(replies()).toEqual([]);
  });

  it('another channel of the same bot (Web Chat) cannot claim the tenant in client-set channelData', async () => {
    // Web Chat / Direct Line pass the client's channelData through, and the Azure Bot resource has Web
    // Chat on by default: its token is genuine (endorsed for webchat), its tenant claim is not.
    const webchat = activity({
      channelId: 'webchat',
      conversation: { id: 'webchat-conversation' },
      channelData: { tenant: { id: TENANT } },
    });
    const res = await post(webchat, bearer(signJwt(claims(), webchatKey)));
    expect(res.status).toBe(200);
    expect(replies()).toEqual([]);
  });
});
