// The real @azure/identity credentials (client secret, client certificate, managed identity) against the
// token-endpoint simulator over TLS, and the Graph simulator checking the tokens they get: signature,
// audience, tenant, expiry and the app's roles. The connector is built from environment values through
// loadConfig, as in production.
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../../config/logger.ts';
import { isWellKnownAuthorityHost } from '../../../connectors/graph/auth.ts';
import { decodeJwt } from '../../../sandbox/identity/jwt.ts';
import {
  CERT_APP,
  FOREIGN_APP,
  OTHER_TENANT,
  READER_APP,
  READER_SECRET,
  SECRET,
  SECRET_APP,
  startCredentialHarness,
  USER_MI,
  type CredentialHarness,
} from './credentials-harness.ts';
import { rejection } from './harness.ts';

let h: CredentialHarness;
beforeAll(async () => {
  h = await startCredentialHarness();
});
afterAll(() => h?.close());

const secretEnv = () => ({
  AZURE_TENANT_ID: h.tenantId,
  AZURE_CLIENT_ID: SECRET_APP,
  AZURE_CLIENT_SECRET: SECRET,
});
const user = () => h.scenarios['guide-004-simple'].cloudUser;
/** Token requests of one client so far. */
const requestsOf = (clientId: string) => h.tokens.requests.filter((r) => r.clientId === clientId);
/** The claims of the last bearer token the Graph simulator received. */
const lastClaims = (): Record<string, unknown> => {
  const header = h.sim.faults.stats.recent.at(-1)?.headers['authorization'] ?? '';
  return { ...decodeJwt(header.replace(/^Bearer /, ''))?.payload };
};

/** Run `fn` with the App Service managed-identity variables pointing at the simulator. */
const withIdentityEndpoint = async <T>(fn: () => Promise<T>): Promise<T> => {
  const saved = { endpoint: process.env['IDENTITY_ENDPOINT'], header: process.env['IDENTITY_HEADER'] };
  process.env['IDENTITY_ENDPOINT'] = h.tokens.identityEndpoint;
  process.env['IDENTITY_HEADER'] = h.tokens.identityHeader;
  try {
    return await fn();
  } finally {
    for (const [k, v] of [
      ['IDENTITY_ENDPOINT', saved.endpoint],
      ['IDENTITY_HEADER', saved.header],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
};

/** The log file once `marker` reached it (the file destination opens and writes asynchronously). */
const flushedLog = async (logger: Logger, file: string, marker: string): Promise<string> => {
  for (let i = 0; i < 100; i++) {
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (text.includes(marker)) return text;
    await sleep(10);
  }
  throw new Error(`${marker} never reached ${file}`);
};

describe('real credentials against the token-endpoint simulator', () => {
  it('client secret: reads a user with a real token, and a second read reuses the cached token', async () => {
    const before = requestsOf(SECRET_APP).length;
    const dir = h.directoryFrom(secretEnv());
    expect((await dir.getUser(user().id))?.userPrincipalName).toBe(user().userPrincipalName);
    expect(await dir.getUser(user().userPrincipalName)).not.toBeNull();
    const mine = requestsOf(SECRET_APP).slice(before);
    expect(mine).toEqual([
      {
        kind: 'client_secret',
        tenantId: h.tenantId,
        clientId: SECRET_APP,
        resource: h.sim.url,
        outcome: 'issued',
      },
    ]);
    expect(lastClaims()).toMatchObject({ aud: h.sim.url, tid: h.tenantId, appid: SECRET_APP, appidacr: '1' });
    expect(lastClaims()['roles']).toContain('User.ReadWrite.All');
  });

  it('client certificate: a signed client assertion (x5t#S256 of the registered certificate) gets the token', async () => {
    const dir = h.directoryFrom({
      AZURE_TENANT_ID: h.tenantId,
      AZURE_CLIENT_ID: CERT_APP,
      AZURE_CLIENT_CERTIFICATE_PATH: h.appCert.pemPath,
    });
    await dir.setImmutableId(user().id, null);
    expect((await dir.getUser(user().id))?.id).toBe(user().id);
    expect(requestsOf(CERT_APP)).toEqual([
      {
        kind: 'client_assertion',
        tenantId: h.tenantId,
        clientId: CERT_APP,
        resource: h.sim.url,
        outcome: 'issued',
      },
    ]);
    expect(lastClaims()).toMatchObject({ appid: CERT_APP, appidacr: '2', tid: h.tenantId });
  });

  it('managed identity (App Service endpoint): system-assigned and user-assigned, each token fetched once', async () => {
    await withIdentityEndpoint(async () => {
      const system = h.directoryFrom({ GRAPH_USE_MANAGED_IDENTITY: 'true' });
      expect((await system.getUser(user().id))?.id).toBe(user().id);
      await system.getUser(user().id);
      const assigned = h.directoryFrom({ GRAPH_USE_MANAGED_IDENTITY: 'true', AZURE_CLIENT_ID: USER_MI });
      await assigned.setImmutableId(user().id, null);
      expect(lastClaims()).toMatchObject({ appid: USER_MI, aud: h.sim.url });
    });
    const mi = h.tokens.requests.filter((r) => r.kind === 'managed_identity');
    expect(mi.map((r) => [r.clientId, r.resource, r.outcome])).toEqual([
      ['22222222-bbbb-4bbb-8bbb-000000000001', h.sim.url, 'issued'],
      [USER_MI, h.sim.url, 'issued'],
    ]);
  });

  it('a managed identity that is not assigned to the app is CLOUD.UNAUTHORIZED with what to check', async () => {
    const e = await withIdentityEndpoint(() =>
      rejection(
        h
          .directoryFrom({
            GRAPH_USE_MANAGED_IDENTITY: 'true',
            AZURE_CLIENT_ID: '33333333-dddd-4ddd-8ddd-000000000003',
          })
          .getUser(user().id),
      ),
    );
    expect(e.code).toBe('CLOUD.UNAUTHORIZED');
    expect(e.message).toContain('AZURE_CLIENT_ID');
    expect(h.tokens.requests.at(-1)).toMatchObject({ kind: 'managed_identity', outcome: '400' });
  });

  it('honours GRAPH_AUTHORITY_HOST: another cloud’s host gets every request, and discovery stays off only for unknown hosts', async () => {
    const before = h.tokens.paths.length;
    const dir = h.directoryFrom({ ...secretEnv(), GRAPH_AUTHORITY_HOST: h.otherCloud.authorityHost });
    expect(await dir.getUser(user().id)).not.toBeNull();
    expect(h.tokens.paths.length).toBe(before);
    expect(h.otherCloud.paths).toEqual([
      `/${h.tenantId}/v2.0/.well-known/openid-configuration`,
      `/${h.tenantId}/oauth2/v2.0/token`,
    ]);
    expect(lastClaims()['iss']).toBe(`${h.otherCloud.authorityHost}/${h.tenantId}/`);
    expect(isWellKnownAuthorityHost('https://login.microsoftonline.us')).toBe(true);
    expect(isWellKnownAuthorityHost('https://login.chinacloudapi.cn/')).toBe(true);
    expect(isWellKnownAuthorityHost(h.otherCloud.authorityHost)).toBe(false);
  });

  it('a wrong secret is CLOUD.UNAUTHORIZED (AADSTS7000215) saying what to fix; the secret is in no message or log line', async () => {
    const wrong = 'Wrong~Secret.Value_ZYXWVUTSRQPONMLK';
    const logFile = join(h.pki.dir, 'wrong-secret.log');
    const logger = createLogger({ level: 'trace', destination: logFile });
    const graphRequests = h.sim.faults.stats.httpRequests;
    const dir = h.directoryFrom({ ...secretEnv(), AZURE_CLIENT_SECRET: wrong }, logger);
    const e = await rejection(dir.getUser(user().id));
    expect(e.code).toBe('CLOUD.UNAUTHORIZED');
    expect(e.message).toContain('AADSTS7000215');
    expect(e.message).toContain('AZURE_CLIENT_SECRET');
    expect(e.details).toMatchObject({ credential: 'secret', clientId: SECRET_APP, aadsts: '7000215' });
    expect(h.sim.faults.stats.httpRequests).toBe(graphRequests); // nothing sent to Graph without a token
    logger.error({ err: e, details: e.details }, 'operation failed'); // what an edge logs
    const log = await flushedLog(logger, logFile, 'operation failed');
    // The connector's own warning (level 40) names the code and the app, then the edge's error line.
    expect(log).toMatch(
      /"level":40,[^\n]*"aadsts":"7000215"[^\n]*"clientId":"11111111-aaaa-4aaa-8aaa-000000000001"|"level":40,[^\n]*"clientId":"11111111-aaaa-4aaa-8aaa-000000000001"[^\n]*"aadsts":"7000215"/,
    );
    for (const text of [e.message, JSON.stringify(e.details), e.stack ?? '', log]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(SECRET);
    }
  });

  it('a certificate that is not registered on the app is refused (AADSTS700027)', async () => {
    const e = await rejection(
      h
        .directoryFrom({
          AZURE_TENANT_ID: h.tenantId,
          AZURE_CLIENT_ID: CERT_APP,
          AZURE_CLIENT_CERTIFICATE_PATH: h.strayCert.pemPath,
        })
        .getUser(user().id),
    );
    expect(e.code).toBe('CLOUD.UNAUTHORIZED');
    expect(e.details.aadsts).toBe('700027');
    expect(e.message).toContain('AZURE_CLIENT_CERTIFICATE_PATH');
    expect(requestsOf(CERT_APP).at(-1)?.outcome).toBe('700027');
  });

  it('a token without User.ReadWrite.All reads but cannot write: CLOUD.FORBIDDEN naming the permission', async () => {
    const dir = h.directoryFrom({
      AZURE_TENANT_ID: h.tenantId,
      AZURE_CLIENT_ID: READER_APP,
      AZURE_CLIENT_SECRET: READER_SECRET,
    });
    expect(await dir.getUser(user().id)).not.toBeNull();
    const before = h.tenant.getUser(user().id)?.onPremisesImmutableId;
    const e = await rejection(dir.setImmutableId(user().id, h.scenarios['guide-004-simple'].immutableId));
    expect(e.code).toBe('CLOUD.FORBIDDEN');
    expect(e.message).toContain('User.ReadWrite.All');
    expect(e.details).toMatchObject({
      permission: 'User.ReadWrite.All',
      graphCode: 'Authorization_RequestDenied',
      graphMessage: 'Insufficient privileges to complete the operation.',
    });
    expect(h.tenant.getUser(user().id)?.onPremisesImmutableId).toBe(before);
  });

  it('a token of another tenant is refused by Graph: CLOUD.UNAUTHORIZED', async () => {
    const e = await rejection(
      h
        .directoryFrom({
          AZURE_TENANT_ID: OTHER_TENANT,
          AZURE_CLIENT_ID: FOREIGN_APP,
          AZURE_CLIENT_SECRET: SECRET,
        })
        .getUser(user().id),
    );
    expect(requestsOf(FOREIGN_APP).at(-1)?.outcome).toBe('issued');
    expect(e.code).toBe('CLOUD.UNAUTHORIZED');
    expect(e.details.graphCode).toBe('InvalidAuthenticationToken');
  });
});
