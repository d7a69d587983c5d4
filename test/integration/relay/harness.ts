// Starts the relay agent on loopback port 0 around a runner and captures its log lines.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createRelayClient, type RelayClientOptions } from '../../../connectors/relay/relay-client.ts';
import { startRelayAgent, type RelayAgent } from '../../../relay/agent.ts';
import { loadRelayAgentConfig } from '../../../relay/config.ts';
import type { ScriptRunner } from '../../../relay/script-runner.ts';

export const KEY = 'k'.repeat(20) + '0123456789abcdefghij';
export const AGENT_ID = 'bot';

export interface Harness {
  readonly agent: RelayAgent;
  readonly logs: string[];
  readonly client: ReturnType<typeof createRelayClient>;
  close(): Promise<void>;
}

export const startHarness = async (
  runner: ScriptRunner,
  env: Record<string, string> = {},
  clientOptions: RelayClientOptions = {},
  timeoutMs = 5_000,
): Promise<Harness> => {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const config = loadRelayAgentConfig({
    HM_RELAY_MODE: 'simulator',
    HM_RELAY_PORT: '0',
    HM_RELAY_AGENT_ID: AGENT_ID,
    HM_RELAY_KEY: KEY,
    ...env,
  });
  const agent = await startRelayAgent({ config, runner, logger });
  const client = createRelayClient({ url: agent.url, agentId: AGENT_ID, key: KEY, timeoutMs }, logger, {
    retryDelayMs: 10,
    waitSliceMs: 200,
    pollMs: 20,
    ...clientOptions,
  });
  return { agent, logs, client, close: () => agent.close() };
};
