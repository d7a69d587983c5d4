// The agent as an operator tries it out - its own process (`node sandbox/relay-agent.ts`: relay/main.ts's agent
// with the sandbox's simulated Entra Connect injected; HM_RELAY_* from the environment)
// - listening through the loopback Azure Relay simulator. A relay certificate from a private CA is
// trusted only through NODE_EXTRA_CA_CERTS, as docs/relay-agent.md says: without it the listener refuses
// the relay (verification is on), with it the bot's requests get through; SIGTERM disconnects and exits.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelayClient } from '../../../connectors/relay/relay-client.ts';
import {
  startAzureRelaySimulator,
  type AzureRelaySimulator,
} from '../../../sandbox/azure-relay/relay-service.ts';
import { HC, KEY, LISTEN_KEY, rules, SEND_KEY, trustLoopbackPki } from './hyco-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'hm-hyco-proc-'));
const caFile = join(dir, 'relay-ca.pem');
let pki: ReturnType<typeof trustLoopbackPki>;
let relay: AzureRelaySimulator;
const children: ChildProcess[] = [];

const startAgentProcess = (extraEnv: Record<string, string>) => {
  const output: string[] = [];
  const child = spawn(process.execPath, ['sandbox/relay-agent.ts'], {
    cwd: join(import.meta.dirname, '../../..'),
    env: {
      PATH: process.env['PATH'] ?? '',
      HM_RELAY_MODE: 'simulator',
      HM_RELAY_SIM_CYCLE_MS: '200',
      HM_RELAY_LISTENER: 'hyco',
      HM_RELAY_HYCO_NAMESPACE: relay.namespace,
      HM_RELAY_HYCO_PATH: HC,
      HM_RELAY_HYCO_KEY_NAME: 'ListenRule',
      HM_RELAY_HYCO_KEY: LISTEN_KEY,
      HM_RELAY_AGENT_ID: 'bot',
      HM_RELAY_KEY: KEY,
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, output: () => output.join(''), exited };
};

beforeAll(async () => {
  pki = trustLoopbackPki();
  writeFileSync(caFile, pki.caPem);
  relay = await startAzureRelaySimulator({ tls: pki.tls, hybridConnections: { [HC]: { rules } } });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await relay?.close();
  pki?.restore();
  rmSync(dir, { recursive: true, force: true });
});

describe('relay agent process listening through the simulated Azure Relay', () => {
  it('refuses a relay certificate it does not trust (no NODE_EXTRA_CA_CERTS), and keeps retrying', async () => {
    const agent = startAgentProcess({});
    const errors = () => agent.output().split('Azure Relay listener error').length - 1;
    await expect.poll(errors, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(agent.output()).toMatch(/certificate|UNABLE_TO_GET_ISSUER_CERT/i);
    expect(agent.output()).not.toMatch(/SharedAccessSignature|sig=/);
    expect(relay.events.filter((e) => e.type === 'listener-connected')).toEqual([]);
    expect(agent.child.exitCode).toBeNull();
    agent.child.kill('SIGTERM');
    await agent.exited;
  });

  it('trusts the relay CA from NODE_EXTRA_CA_CERTS, serves the bot through the relay, and stops on SIGTERM', async () => {
    const agent = startAgentProcess({ NODE_EXTRA_CA_CERTS: caFile });
    await expect.poll(() => relay.listenerCount(HC), { timeout: 15_000 }).toBe(1);
    expect(agent.output()).toContain(`hardmatch-relay listening on https://${relay.namespace}/${HC}`);
    const client = createRelayClient(
      {
        url: `https://${relay.namespace}/${HC}`,
        agentId: 'bot',
        key: KEY,
        timeoutMs: 5_000,
        sas: { keyName: 'SendRule', key: SEND_KEY },
      },
      undefined,
      { waitSliceMs: 200, pollMs: 20 },
    );
    expect(await client.startDeltaSync('proc-1')).toEqual({ started: true, joined: false });
    expect((await client.waitUntilIdle('proc-2', 5_000)).syncCycleInProgress).toBe(false);
    await expect.poll(agent.output).toMatch(/"requestId":"proc-1","operation":"delta-sync"/);

    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    await expect.poll(() => relay.listenerCount(HC)).toBe(0);
    expect(agent.output()).toContain('relay agent stopping');
  });
});
