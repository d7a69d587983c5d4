/**
 * Loopback stand-ins for the Microsoft services around a Bot Framework bot, so the real JWT validation of
 * botframework-connector runs offline:
 * - the channel's OpenID metadata and signing keys (login.botframework.com) with endorsements, as Bot
 *   Framework publishes them, and RS256 tokens signed with node:crypto;
 * - the Entra token endpoint the bot gets its outbound token from (login.microsoftonline.com), over TLS
 *   with a throwaway CA made here with openssl: MSAL only accepts https authorities;
 * - a channel "connector" (the activity's serviceUrl) that records what the bot sends back.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The JWKS entry; `endorsements` lists the channels the key may sign for. */
  readonly jwk: Record<string, unknown>;
}

export const signingKey = (kid: string, endorsements?: readonly string[]): SigningKey => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' });
  return {
    kid,
    privateKey,
    publicKey,
    jwk: { kty: 'RSA', use: 'sig', kid, n, e, ...(endorsements === undefined ? {} : { endorsements }) },
  };
};

const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/** An RS256 JWT signed with `key`, whose header names `kid` (by default the key's own). */
export const signJwt = (
  payload: Record<string, unknown>,
  key: SigningKey,
  header: Record<string, unknown> = {},
): string => {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header }));
  const body = b64url(JSON.stringify(payload));
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), key.privateKey);
  return `${head}.${body}.${b64url(signature)}`;
};

export interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

export interface Sim {
  readonly url: string;
  readonly requests: Recorded[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, body: string) => { status: number; json: unknown };

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const serve = async (server: Server, scheme: 'http' | 'https', handler: Handler): Promise<Sim> => {
  const requests: Recorded[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((body) => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      const { status, json } = handler(req, body);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

export const CHANNEL_ISSUER = 'https://api.botframework.com';

/**
 * login.botframework.com: /v1/.well-known/openidconfiguration -> /v1/.well-known/keys. The emulator
 * metadata (/emulator/...) publishes no keys: the bot must not trust anything from that side here.
 */
export const startMetadataServer = async (keys: () => readonly SigningKey[]): Promise<Sim> => {
  let base = '';
  const sim = await serve(createServer(), 'http', (req) => {
    switch (req.url) {
      case '/v1/.well-known/openidconfiguration':
        return {
          status: 200,
          json: {
            issuer: CHANNEL_ISSUER,
            authorization_endpoint: `${base}/v1/authorize`,
            jwks_uri: `${base}/v1/.well-known/keys`,
            id_token_signing_alg_values_supported: ['RS256'],
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
          },
        };
      case '/v1/.well-known/keys':
        return { status: 200, json: { keys: keys().map((k) => k.jwk) } };
      case '/emulator/openid-configuration':
        return { status: 200, json: { issuer: 'none', jwks_uri: `${base}/emulator/keys` } };
      case '/emulator/keys':
        return { status: 200, json: { keys: [] } };
      default:
        return { status: 404, json: { error: 'not found' } };
    }
  });
  base = sim.url;
  return sim;
};

export interface Tls {
  /** PEM of the throwaway CA: what the client trusts, instead of turning verification off. */
  readonly ca: string;
  readonly key: string;
  readonly cert: string;
}

/** A CA and a server certificate for IP 127.0.0.1, valid for a day, made with openssl in a temp dir. */
export const makeTls = (): Tls => {
  const dir = mkdtempSync(join(tmpdir(), 'hm-tls-'));
  const f = (name: string) => join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  try {
    const key = ['-newkey', 'rsa:2048', '-nodes', '-days', '1'];
    ssl(
      'req',
      '-x509',
      ...key,
      '-keyout',
      f('ca.key'),
      '-out',
      f('ca.crt'),
      '-subj',
      '/CN=hm test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign',
    );
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      f('srv.key'),
      '-out',
      f('srv.csr'),
      '-subj',
      '/CN=127.0.0.1',
    );
    writeFileSync(f('ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
    ssl(
      'x509',
      '-req',
      '-in',
      f('srv.csr'),
      '-CA',
      f('ca.crt'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-out',
      f('srv.crt'),
      '-extfile',
      f('ext'),
    );
    const read = (name: string) => readFileSync(f(name), 'utf8');
    return { ca: read('ca.crt'), key: read('srv.key'), cert: read('srv.crt') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export const OUTBOUND_TOKEN = 'outbound-bot-token-from-the-simulated-entra';

/**
 * login.microsoftonline.com/{tenant}: the OpenID configuration MSAL reads, and the token endpoint that
 * answers a client-credentials grant (recorded, so a test can check the app id, secret and scope).
 */
export const startEntraServer = async (tls: Tls, tenant: string): Promise<Sim> => {
  let base = '';
  const sim = await serve(createTlsServer({ key: tls.key, cert: tls.cert }), 'https', (req) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === `/${tenant}/v2.0/.well-known/openid-configuration`)
      return {
        status: 200,
        json: {
          issuer: `${base}/${tenant}/v2.0`,
          authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
          jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
          end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
        },
      };
    if (path === `/${tenant}/oauth2/v2.0/token` && req.method === 'POST')
      return {
        status: 200,
        json: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: OUTBOUND_TOKEN },
      };
    return { status: 404, json: { error: 'not_found' } };
  });
  base = sim.url;
  return sim;
};

/** The channel's connector at the activity's serviceUrl: accepts and records replies. */
export const startConnector = (): Promise<Sim> => {
  let n = 0;
  return serve(createServer(), 'http', () => ({ status: 200, json: { id: `reply-${++n}` } }));
};
