/**
 * The real Bot Framework authentication path with real signed tokens, offline: restify + TeamsAdapter +
 * Application as bot/server.ts builds them, with the production app-id check, against loopback stand-ins
 * for login.botframework.com (OpenID metadata, endorsed keys), Entra (the bot's outbound token, over TLS
 * with a throwaway CA) and the Teams connector at the activity's serviceUrl.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OUTBOUND_TOKEN, signJwt } from './support/bot-framework-sim.ts';
import {
  APP_ID,
  OTHER_TENANT,
  SECRET,
  TENANT,
  impostor,
  startAuthenticatedBot,
  stranger,
  teamsKey,
  webchatKey,
  type AuthenticatedBot,
} from './support/authenticated-bot.ts';

let h: AuthenticatedBot;

beforeAll(async () => {
  h = await startAuthenticatedBot();
});

afterAll(async () => {
  await h?.close();
});

beforeEach(() => h.clear());

const activity = (over: Record<string, unknown> = {}) => h.activity(over);
const claims = (over: Record<string, unknown> = {}) => h.claims(over);
const post = (body: unknown, authorization?: string) => h.post(body, authorization);
const bearer = (token: string) => `Bearer ${token}`;
const replies = () => h.replies();

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

    const grant = h.entra.requests.find((r) => r.url.split('?')[0] === `/${TENANT}/oauth2/v2.0/token`);
    const form = new URLSearchParams(grant?.body);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_id')).toBe(APP_ID);
    expect(form.get('client_secret')).toBe(SECRET);
    expect(form.get('scope')).toBe('https://api.botframework.com/.default');
    expect(h.metadata.requests.map((r) => r.url)).toEqual(
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
  // Every refusal is a 401 with a small JSON body. botframework-connector 4.23 rethrows jsonwebtoken's
  // own errors (signature, algorithm, nbf) as they are, and CloudAdapter.process answered those with 500;
  // the edge (bot/message-endpoint.ts) now maps them to 401. An activity without a channelId is refused
  // as malformed (400) before authentication, where the library used to fail with a TypeError (500).
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
      status: 401,
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
      status: 401,
    },
    { name: 'alg none', authorization: () => bearer(unsigned()), status: 401 },
    { name: 'HS256 with the public key as secret', authorization: () => bearer(hs256()), status: 401 },
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
      // Endorsements cannot be checked without a channel: refused as malformed before the library runs.
      name: 'an activity without a channelId',
      authorization: () => bearer(signJwt(claims(), teamsKey)),
      over: { channelId: undefined },
      status: 400,
    },
    {
      // jku points the verifier at the attacker's own keys; the library never follows it, the kid decides.
      name: "a jku header naming the sender's own key set (signed by a key not published)",
      authorization: () =>
        bearer(signJwt(claims(), stranger, { kid: 'teams-key', jku: 'https://attacker.example/keys' })),
      status: 401,
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
    expect(await res.json()).toMatchObject({ error: { code: expect.any(String) } });
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
    const text = await res.text();
    expect(text).not.toContain('searchResponse');
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'FORBIDDEN' } });
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
