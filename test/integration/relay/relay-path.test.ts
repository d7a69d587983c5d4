// The Azure Relay request path without Azure: a loopback HTTP server stands in for the relay namespace,
// checks the sender's SAS token as Azure would, and hands the request to the same node request listener
// the hyco listener uses (prefix `/<hybrid connection>` stripped). The client is configured as the bot
// would be for Azure Relay (RELAY_URL with the hybrid connection path, RELAY_SAS_KEY_NAME/RELAY_SAS_KEY).
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, requireRelay } from '../../../config/config.ts';
import { createRelayClient } from '../../../connectors/relay/relay-client.ts';
import { RequestVerifier } from '../../../relay/auth.ts';
import { createRelayHandler } from '../../../relay/handler.ts';
import { nodeRequestListener } from '../../../relay/listeners.ts';
import { createWorld, STAFF, type World } from './world.ts';

const KEY = 'r'.repeat(44);
const SAS_KEY = 'c2VuZC1rZXktZm9yLXRoZS1yZWxheQ==';
let world: World;
let server: Server;
let base: string;
const seenTokens: string[] = [];

/** Azure's check, reduced: the token names this resource, is signed with the Send key and not expired. */
const sasValid = (token: string, resource: string): boolean => {
  const m = /^SharedAccessSignature sr=([^&]+)&sig=([^&]+)&se=(\d+)&skn=Send$/.exec(token);
  if (m === null) return false;
  const [, sr, sig, se] = m;
  const expected = createHmac('sha256', SAS_KEY).update(`${sr}\n${se}`).digest('base64');
  return (
    decodeURIComponent(sr!) === resource &&
    decodeURIComponent(sig!) === expected &&
    Number(se) * 1000 > Date.now()
  );
};

beforeAll(async () => {
  world = createWorld();
  const logger = pino({ level: 'silent' });
  const handler = createRelayHandler({
    runner: world.sim,
    verifier: new RequestVerifier({ agents: new Map([['bot', [KEY]]]), clockSkewSeconds: 300 }),
    logger,
    maxBodyBytes: 16_384,
  });
  const agentListener = nodeRequestListener(handler, 16_384, logger, '/hardmatch');
  server = createServer((req, res) => {
    const token = req.headers['servicebusauthorization'];
    seenTokens.push(String(token));
    if (typeof token !== 'string' || !sasValid(token, `http://${req.headers.host}/hardmatch`)) {
      // Not chained: restify, loaded in this process, patches writeHead to return nothing.
      res.writeHead(401);
      res.end('SAS token invalid');
      return;
    }
    agentListener(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hardmatch`;
});
afterAll(async () => {
  world.sim.close();
  await new Promise((r) => server.close(r));
});

describe('relay client through an Azure Relay-style front', () => {
  it('sends a valid SAS token from RELAY_SAS_* and its HMAC signature survives the path prefix', async () => {
    const config = requireRelay(
      loadConfig({
        RELAY_URL: base,
        RELAY_AGENT_ID: 'bot',
        RELAY_KEY: KEY,
        RELAY_SAS_KEY_NAME: 'Send',
        RELAY_SAS_KEY: SAS_KEY,
      }),
    );
    expect(config.sas).toEqual({ keyName: 'Send', key: SAS_KEY });
    const scope = await createRelayClient(config).getSyncScope('via-relay');
    expect(scope.inclusions).toEqual([STAFF]);
    expect(world.sim.calls).toEqual([{ operation: 'sync-scope', requestId: 'via-relay' }]);
    expect(seenTokens).toHaveLength(1);
  });

  it('maps the relay front refusing the SAS token (not agent JSON) to RELAY.UNAUTHORIZED; nothing runs', async () => {
    world.sim.calls.length = 0;
    const client = createRelayClient({
      url: base,
      agentId: 'bot',
      key: KEY,
      timeoutMs: 2_000,
      sas: { keyName: 'Send', key: 'wrong' },
    });
    await expect(client.getSyncScope('bad-sas')).rejects.toMatchObject({
      code: 'RELAY.UNAUTHORIZED',
      details: { status: 401 },
    });
    expect(world.sim.calls).toEqual([]);
  });

  it('refuses half a SAS configuration at start', () => {
    expect(() =>
      loadConfig({ RELAY_URL: base, RELAY_AGENT_ID: 'bot', RELAY_KEY: KEY, RELAY_SAS_KEY: SAS_KEY }),
    ).toThrow(/RELAY_SAS_KEY_NAME, RELAY_SAS_KEY: set both/);
  });
});
