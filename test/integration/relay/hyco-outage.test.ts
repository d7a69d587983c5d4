// The Azure Relay listener across service outages, through the loopback Hybrid Connections simulator:
// hyco-https re-dials with backoff (0, 1, 2, 5, 10, 30 s) until the service is back, and a stopped agent
// must stay stopped even though hyco-https's pending re-dial outlives close().
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelayClient } from '../../../connectors/relay/relay-client.ts';
import type { RelayAgent } from '../../../relay/agent.ts';
import {
  startAzureRelaySimulator,
  type AzureRelaySimulator,
} from '../../../sandbox/azure-relay/relay-service.ts';
import { failure, HC, KEY, rules, SEND_KEY, startHycoAgent, trustLoopbackPki } from './hyco-harness.ts';
import { createWorld, STAFF, type World } from './world.ts';

let pki: ReturnType<typeof trustLoopbackPki>;
let world: World;
let outage: AzureRelaySimulator;
let outageAgent: RelayAgent;
let port = 0;
const logs: string[] = [];

const restart = async () => {
  outage = await startAzureRelaySimulator({ tls: pki.tls, hybridConnections: { [HC]: { rules } }, port });
  port = Number(outage.namespace.split(':')[1]);
};
const client = () =>
  createRelayClient(
    {
      url: `https://${outage.namespace}/${HC}`,
      agentId: 'bot',
      key: KEY,
      timeoutMs: 2_000,
      sas: { keyName: 'SendRule', key: SEND_KEY },
    },
    undefined,
    { retries: 0 },
  );

beforeAll(() => {
  pki = trustLoopbackPki();
  world = createWorld();
});
afterAll(async () => {
  world?.sim.close();
  await outageAgent?.close();
  await outage?.close();
  pki?.restore();
});

describe('Azure Relay service outage', () => {
  it('serves again once the service is back on the same address', async () => {
    await restart();
    outageAgent = await startHycoAgent({ namespace: outage.namespace, runner: world.sim, logs });
    await expect.poll(() => outage.listenerCount(HC), { timeout: 10_000 }).toBe(1);
    await outage.close();
    expect(await failure(client().getSyncScope('during-outage'))).toMatchObject({
      code: 'RELAY.UNAVAILABLE',
    });
    await restart();
    await expect.poll(() => outage.listenerCount(HC), { timeout: 15_000 }).toBe(1);
    expect(await client().getSyncScope('after-outage')).toMatchObject({ inclusions: [STAFF] });
    expect(world.sim.calls.at(-1)).toEqual({ operation: 'sync-scope', requestId: 'after-outage' });
  });

  it('keeps a stopped agent stopped when a re-dial scheduled before the stop succeeds', async () => {
    await outage.close();
    // Let the immediate re-dial fail (logged), so the next one waits on hyco-https's backoff timer.
    const failedDials = () => logs.join('').split('Azure Relay listener error').length - 1;
    const before = failedDials();
    await expect.poll(failedDials, { timeout: 10_000 }).toBeGreaterThan(before);
    await outageAgent.close();
    await restart();
    const seen = () => outage.events.map((e) => e.type).join(',');
    await expect.poll(seen, { timeout: 15_000 }).toContain('listener-connected,listener-closed');
    expect(outage.listenerCount(HC)).toBe(0);
    expect(await failure(client().getSyncScope('after-stop'))).toMatchObject({
      code: 'RELAY.UNAVAILABLE',
      details: { status: 404 },
    });
  });
});
