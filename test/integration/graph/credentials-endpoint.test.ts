// The two simulators on their own, over real HTTP: the token endpoint checks client assertions the way
// Entra does (the SHA-1 `x5t` / RS256 form older MSAL versions send, audience, iss/sub, lifetime,
// signature), and the Graph simulator refuses tokens Graph would refuse.
import { createPrivateKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenIssuer } from '../../../sandbox/identity/issuer.ts';
import { nowSeconds, signJwt } from '../../../sandbox/identity/jwt.ts';
import {
  CERT_APP,
  SECRET_APP,
  startCredentialHarness,
  type CredentialHarness,
} from './credentials-harness.ts';

let h: CredentialHarness;
beforeAll(async () => {
  h = await startCredentialHarness();
});
afterAll(() => h?.close());

const user = () => h.scenarios['guide-004-simple'].cloudUser;

describe('the token endpoint checks client assertions as Entra does', () => {
  const tokenUrl = () => `${h.tokens.authorityHost}/${h.tenantId}/oauth2/v2.0/token`;
  const appKey = (): KeyObject => createPrivateKey(readFileSync(h.appCert.pemPath));
  const assertion = (
    key: KeyObject,
    claims: Record<string, unknown> = {},
    thumbprint = h.appCert.thumbprintSha1,
  ): string => {
    const now = nowSeconds();
    return signJwt(
      { alg: 'RS256', x5t: thumbprint },
      {
        aud: tokenUrl(),
        iss: CERT_APP,
        sub: CERT_APP,
        jti: randomUUID(),
        nbf: now,
        exp: now + 600,
        ...claims,
      },
      key,
    );
  };
  const post = async (jwt: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(tokenUrl(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: CERT_APP,
        scope: 'https://graph.microsoft.com/.default',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: jwt,
      }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const codeOf = (r: { body: Record<string, unknown> }): unknown => (r.body['error_codes'] as unknown[])[0];

  it('accepts an RS256 assertion with the SHA-1 x5t of the registered certificate', async () => {
    const r = await post(assertion(appKey()));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
  });

  it('refuses a wrong audience, a foreign iss/sub, an expired assertion and a signature by another key', async () => {
    const wrongAud = await post(
      assertion(appKey(), { aud: 'https://login.microsoftonline.com/x/oauth2/v2.0/token' }),
    );
    expect([wrongAud.status, codeOf(wrongAud)]).toEqual([401, 700027]);
    const wrongIss = await post(assertion(appKey(), { iss: SECRET_APP }));
    expect([wrongIss.status, codeOf(wrongIss)]).toEqual([401, 700027]);
    const expired = await post(assertion(appKey(), { exp: nowSeconds() - 5 }));
    expect([expired.status, codeOf(expired)]).toEqual([401, 700024]);
    const forged = await post(assertion(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey));
    expect([forged.status, codeOf(forged), forged.body['error']]).toEqual([401, 700027, 'invalid_client']);
    expect(String(forged.body['error_description'])).toMatch(
      /^AADSTS700027: Client assertion failed validation/,
    );
  });

  it('names the thumbprint of a certificate that is not registered', async () => {
    const r = await post(assertion(appKey(), {}, h.strayCert.thumbprintSha1));
    expect(codeOf(r)).toBe(700027);
    const hex = Buffer.from(h.strayCert.thumbprintSha1, 'base64url').toString('hex').toUpperCase();
    expect(String(r.body['error_description'])).toContain(`Thumbprint of key used by client: '${hex}'`);
  });
});

describe('the Graph simulator checks bearer tokens as Graph does', () => {
  const call = async (token: string): Promise<{ status: number; code: string; message: string }> => {
    const res = await fetch(`${h.sim.url}/v1.0/users/${user().id}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as { error?: { code: string; message: string } };
    return { status: res.status, code: body.error?.code ?? '', message: body.error?.message ?? '' };
  };
  const mint = (issuer: TokenIssuer, audience: string, lifetimeSeconds = 600): string =>
    issuer.mint({
      app: { tenantId: h.tenantId, clientId: SECRET_APP, displayName: 'x', roles: ['User.Read.All'] },
      audience,
      credentialType: 1,
      issuer: `${h.tokens.authorityHost}/${h.tenantId}/`,
      lifetimeSeconds,
    }).token;

  it('accepts a good token for its own URL or https://graph.microsoft.com', async () => {
    expect((await call(mint(h.tokens.issuer, h.sim.url))).status).toBe(200);
    expect((await call(mint(h.tokens.issuer, 'https://graph.microsoft.com'))).status).toBe(200);
  });

  it('refuses another audience, an expired token and a foreign signature with 401 InvalidAuthenticationToken', async () => {
    expect(await call(mint(h.tokens.issuer, 'https://management.azure.com'))).toEqual({
      status: 401,
      code: 'InvalidAuthenticationToken',
      message: 'Access token validation failure. Invalid audience.',
    });
    expect(await call(mint(h.tokens.issuer, h.sim.url, -60))).toMatchObject({
      status: 401,
      message: 'Lifetime validation failed, the token is expired.',
    });
    expect(await call(mint(new TokenIssuer(), h.sim.url))).toMatchObject({
      status: 401,
      code: 'InvalidAuthenticationToken',
    });
  });

  it('checks each $batch item against the roles: a read passes, a write without User.ReadWrite.All is 403', async () => {
    const res = await fetch(`${h.sim.url}/v1.0/$batch`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${mint(h.tokens.issuer, h.sim.url)}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({
        requests: [
          { id: '1', method: 'GET', url: `/users/${user().id}` },
          { id: '2', method: 'PATCH', url: `/users/${user().id}`, body: { onPremisesImmutableId: null } },
        ],
      }),
    });
    const body = (await res.json()) as {
      responses: { id: string; status: number; body?: { error?: { code: string } } }[];
    };
    expect(res.status).toBe(200);
    expect(body.responses.map((r) => [r.id, r.status, r.body?.error?.code])).toEqual([
      ['1', 200, undefined],
      ['2', 403, 'Authorization_RequestDenied'],
    ]);
  });
});
