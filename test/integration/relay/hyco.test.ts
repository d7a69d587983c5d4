// The Azure Relay path end to end, with Azure replaced by the loopback Hybrid Connections simulator
// (sandbox/azure-relay): the real hyco-https listener in the agent dials out to it over TLS, the real
// relay client sends HTTPS with a SAS token, and requests travel over the listener's control channel
// (or a rendezvous socket when large). Outages and stopping are in hyco-outage.test.ts.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { loadConfig, requireRelay } from '../../../config/config.ts';
import { createRelayClient } from '../../../connectors/relay/relay-client.ts';
import type { RelayAgent } from '../../../relay/agent.ts';
import { OPERATIONS_PATH, signedHeaders } from '../../../relay/protocol.ts';
import { createSasToken, sasTokenFor } from '../../../relay/sas-token.ts';
import {
  startAzureRelaySimulator,
  type AzureRelaySimulator,
} from '../../../sandbox/azure-relay/relay-service.ts';
import {
  failure,
  HC,
  KEY,
  LISTEN_KEY,
  rules,
  SEND_KEY,
  startHycoAgent,
  trustLoopbackPki,
} from './hyco-harness.ts';
import { addAdUser, createWorld, STAFF, type World } from './world.ts';

let relay: AzureRelaySimulator;
let world: World;
let agent: RelayAgent;
let restoreTrust: () => void;
const logs: string[] = [];

/** The bot's client as configured for Azure Relay: RELAY_URL = the hybrid connection, SAS Send rule. */
const botClient = (overrides: Record<string, string> = {}) =>
  createRelayClient(
    requireRelay(
      loadConfig({
        RELAY_URL: agent.url,
        RELAY_AGENT_ID: 'bot',
        RELAY_KEY: KEY,
        RELAY_TIMEOUT_MS: '5000',
        RELAY_SAS_KEY_NAME: 'SendRule',
        RELAY_SAS_KEY: SEND_KEY,
        ...overrides,
      }),
    ),
    undefined,
    { retryDelayMs: 10, waitSliceMs: 200, pollMs: 20 },
  );

const forwarded = () => relay.events.filter((e) => e.type === 'forwarded');

/** A raw signed POST through the relay, for what the client never sends (expired tokens, huge bodies). */
const rawPost = async (operation: string, body: string, sas: string | undefined) => {
  const path = `${OPERATIONS_PATH}/${operation}`;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...signedHeaders({ key: KEY, agentId: 'bot', method: 'POST', path, body, requestId: 'raw' }),
    ...(sas === undefined ? {} : { ServiceBusAuthorization: sas }),
  };
  const res = await fetch(`${agent.url}${path}`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
};

beforeAll(async () => {
  const pki = trustLoopbackPki();
  restoreTrust = pki.restore;
  relay = await startAzureRelaySimulator({
    tls: pki.tls,
    hybridConnections: { [HC]: { rules }, idle: { rules }, refused: { rules } },
  });
  // Long enough that the join and busy answers below still find the cycle running on a loaded machine.
  world = createWorld({ cycleMs: 1_500 });
  agent = await startHycoAgent({ namespace: relay.namespace, runner: world.sim, logs });
  await vi.waitFor(() => expect(relay.listenerCount(HC)).toBe(1), { timeout: 10_000 });
});
afterAll(async () => {
  world?.sim.close();
  await agent?.close();
  await relay?.close();
  restoreTrust?.();
});

describe('relay agent listening through the simulated Azure Relay (hyco-https)', () => {
  it('serves every operation sent by the bot client through the relay', async () => {
    expect(agent.url).toBe(`https://${relay.namespace}/${HC}`);
    const client = botClient();
    const { user } = addAdUser(world, 'rhea');
    world.sim.calls.length = 0;

    expect(await client.getSyncScope('r-1')).toMatchObject({ inclusions: [STAFF] });
    expect(await client.startDeltaSync('r-2')).toEqual({ started: true, joined: false });
    expect(await client.startDeltaSync('r-3')).toEqual({ started: false, joined: true });
    expect((await client.getSchedulerStatus('r-4')).syncCycleInProgress).toBe(true);
    expect(await failure(client.startInitialSync('r-5', true))).toMatchObject({
      code: 'RELAY.BUSY',
      details: { status: 409 },
    });
    expect((await client.waitUntilIdle('r-6', 5_000)).syncCycleInProgress).toBe(false);
    const results = await client.getLastRunResults('r-7', 3);
    expect(results.map((r) => r.runProfileName)).toEqual(['Export', 'Delta Synchronization', 'Delta Import']);
    expect(await client.syncSingleObject('r-8', user.dn)).toMatchObject({ distinguishedName: user.dn });
    await client.restartSyncService('r-9');
    expect(world.sim.restarts).toBe(1);

    const ran = world.sim.calls.map((c) => c.requestId);
    for (const id of ['r-1', 'r-2', 'r-3', 'r-7', 'r-8', 'r-9']) expect(ran).toContain(id);
    // Each went over the listener's control channel with the hybrid connection in the request target.
    expect(forwarded().map((e) => e.target)).toContain(`/${HC}${OPERATIONS_PATH}/single-object-sync`);
    expect(forwarded().every((e) => e.via === 'control')).toBe(true);
    expect(forwarded().some((e) => e.status === 409)).toBe(true);
    expect(logs.join('')).toMatch(/"requestId":"r-2","operation":"delta-sync"/);
    expect(logs.join('')).not.toContain(LISTEN_KEY);
  });

  it('still applies the agent HMAC end to end: a wrong agent key crosses the relay and gets the agent 401', async () => {
    world.sim.calls.length = 0;
    const before = forwarded().length;
    const err = await failure(botClient({ RELAY_KEY: 'w'.repeat(44) }).getSchedulerStatus('wrong-key'));
    expect(err).toMatchObject({ code: 'RELAY.UNAUTHORIZED', details: { status: 401 } });
    // The relay accepted the SAS token and forwarded it; the agent refused it (its JSON, its log).
    expect(err.message).toMatch(/Relay agent: request not authenticated: bad signature/);
    expect(forwarded().slice(before)).toEqual([expect.objectContaining({ status: 401 })]);
    expect(logs.join('')).toMatch(/"claimedRequestId":"wrong-key"/);
    expect(world.sim.calls).toEqual([]);
  });

  it('refuses a wrong, expired, mis-scoped or Listen-only SAS token at the relay; the agent never sees it', async () => {
    world.sim.calls.length = 0;
    const before = forwarded().length;
    const logLines = logs.length;
    const err = await failure(botClient({ RELAY_SAS_KEY: 'd3Jvbmc=' }).getSyncScope('bad-sas'));
    expect(err).toMatchObject({ code: 'RELAY.UNAUTHORIZED', details: { status: 401 } });
    expect(err.message).toMatch(/could not be reached \(HTTP 401\)/);

    const base = agent.url;
    const expired = createSasToken(base, 'SendRule', SEND_KEY, Math.floor(Date.now() / 1000) - 5);
    const otherHc = sasTokenFor(`https://${relay.namespace}/idle`, 'SendRule', SEND_KEY);
    const listenOnly = sasTokenFor(base, 'ListenRule', LISTEN_KEY);
    for (const sas of [expired, otherHc, listenOnly, undefined])
      expect((await rawPost('sync-scope', '{}', sas)).status).toBe(401);
    const reasons = relay.events.flatMap((e) => (e.type === 'sender-refused' ? [e.reason] : []));
    expect(reasons).toEqual([
      'InvalidSignature',
      'ExpiredToken',
      'InvalidAudience',
      'MissingClaim:Send',
      'MissingToken',
    ]);
    expect(forwarded().length).toBe(before);
    expect(logs.length).toBe(logLines);
    expect(world.sim.calls).toEqual([]);
  });

  it('answers 404 for a hybrid connection with no listener (the client: RELAY.UNAVAILABLE)', async () => {
    const client = createRelayClient(
      {
        url: `https://${relay.namespace}/idle`,
        agentId: 'bot',
        key: KEY,
        timeoutMs: 2_000,
        sas: { keyName: 'SendRule', key: SEND_KEY },
      },
      undefined,
      { retryDelayMs: 10 },
    );
    const err = await failure(client.getSchedulerStatus('nobody-home'));
    expect(err).toMatchObject({ code: 'RELAY.UNAVAILABLE', details: { status: 404 } });
    expect(relay.events.filter((e) => e.type === 'no-listener' && e.hc === 'idle')).toHaveLength(3);
  });

  it('closes a control channel whose token lapses unrenewed and keeps one renewed in time, as the service does', async () => {
    const uri = `wss://${relay.namespace}/$hc/idle?sb-hc-action=listen`;
    const shortLived = () => createSasToken(uri, 'ListenRule', LISTEN_KEY, Math.floor(Date.now() / 1000) + 2);
    const open = (token: string) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(uri, { headers: { ServiceBusAuthorization: token } });
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      });
    const lapsing = await open(shortLived());
    const renewed = await open(shortLived());
    const lapsed = new Promise<number>((r) => lapsing.once('close', (code: number) => r(code)));
    renewed.send(JSON.stringify({ renewToken: { token: sasTokenFor(uri, 'ListenRule', LISTEN_KEY) } }));
    try {
      expect(await lapsed).toBe(1008);
      expect(renewed.readyState).toBe(WebSocket.OPEN);
      expect(relay.listenerCount('idle')).toBe(1);
    } finally {
      renewed.close();
    }
  });

  it("asks for a listen token that outlives hyco-https's hourly renewal, so renewing never races expiry", () => {
    const connected = relay.events.find((e) => e.type === 'listener-connected' && e.hc === HC);
    expect(
      connected?.type === 'listener-connected' && connected.expiresAt - Date.now() / 1000,
    ).toBeGreaterThan(3600 + 600);
  });

  it('carries a request over 64 KB through the rendezvous socket; the agent answers 413 without running it', async () => {
    world.sim.calls.length = 0;
    const huge = JSON.stringify({ distinguishedName: `CN=${'x'.repeat(100_000)},${STAFF}` });
    const res = await rawPost('single-object-sync', huge, sasTokenFor(agent.url, 'SendRule', SEND_KEY));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'RELAY.REFUSED' } });
    expect(forwarded().at(-1)).toMatchObject({ via: 'rendezvous', status: 413 });
    expect(world.sim.calls).toEqual([]);
  });

  it('returns an answer over 64 KB (hundreds of export errors) through the rendezvous socket the listener opens', async () => {
    for (let i = 0; i < 400; i++) {
      addAdUser(world, `clash${i}`);
      world.tenant.createCloudUser({
        userPrincipalName: `clash${i}@contoso.com`,
        onPremisesImmutableId: `b3RoZXItYW5jaG9y${i}==`,
      });
    }
    const client = botClient();
    await client.startDeltaSync('many-errors');
    await client.waitUntilIdle('many-errors-wait', 5_000);
    const [exported] = await client.getLastRunResults('many-errors-results', 1);
    expect(exported).toMatchObject({ runProfileName: 'Export', result: 'completed-export-errors' });
    expect(exported!.exportErrors).toHaveLength(400);
    expect(forwarded().at(-1)).toMatchObject({
      target: `/${HC}${OPERATIONS_PATH}/run-results`,
      via: 'rendezvous',
      status: 200,
    });
  });

  it('does not connect a listener whose SAS key is wrong, and logs why (the relay answers 401)', async () => {
    const refusedLogs: string[] = [];
    const wrongListener = await startHycoAgent({
      namespace: relay.namespace,
      runner: world.sim,
      hc: 'refused',
      listenKey: 'bm90LXRoZS1saXN0ZW4ta2V5',
      logs: refusedLogs,
    });
    try {
      await expect
        .poll(() => relay.events.some((e) => e.type === 'listener-refused' && e.hc === 'refused'), {
          timeout: 10_000,
        })
        .toBe(true);
      await expect
        .poll(() => refusedLogs.join(''), { timeout: 10_000 })
        .toContain('Azure Relay listener error');
      expect(refusedLogs.join('')).toContain('401');
      // The refusal is logged without the handshake request, whose raw headers carry the SAS token.
      expect(refusedLogs.join('')).not.toMatch(/SharedAccessSignature|sig=/);
      expect(relay.listenerCount('refused')).toBe(0);
    } finally {
      await wrongListener.close();
    }
  });

  it('reconnects after the relay drops the control channel, and serves requests again', async () => {
    const connects = () => relay.events.filter((e) => e.type === 'listener-connected' && e.hc === HC).length;
    const before = connects();
    relay.dropListeners(HC);
    await expect.poll(() => relay.events.some((e) => e.type === 'listener-closed' && e.hc === HC)).toBe(true);
    await expect.poll(connects, { timeout: 10_000 }).toBe(before + 1);
    expect(relay.listenerCount(HC)).toBe(1);
    expect(await botClient().getSyncScope('after-reconnect')).toMatchObject({ inclusions: [STAFF] });
    expect(world.sim.calls.at(-1)).toEqual({ operation: 'sync-scope', requestId: 'after-reconnect' });
  });
});
