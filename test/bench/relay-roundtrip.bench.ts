// Relay agent overhead: signed requests over loopback HTTP (sign, verify, nonce cache, schema checks)
// with a runner that answers at once, sequential and 20 at a time; plus raw verification cost.
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { createRelayClient } from '../../connectors/relay/relay-client.ts';
import { startRelayAgent } from '../../relay/agent.ts';
import { RequestVerifier } from '../../relay/auth.ts';
import { loadRelayAgentConfig } from '../../relay/config.ts';
import { signedHeaders } from '../../relay/protocol.ts';
import type { ScriptRunner } from '../../relay/script-runner.ts';

const KEY = 'b'.repeat(44);
const scope = {
  inclusions: ['OU=Staff,DC=corp,DC=contoso,DC=com'],
  exclusions: [],
  groupFilteringGroupDn: null,
};
const runner: ScriptRunner = { run: () => Promise.resolve(scope as never) };
const config = loadRelayAgentConfig({ HM_RELAY_PORT: '0', HM_RELAY_KEY: KEY, HM_RELAY_MAX_CONCURRENT: '64' });
const agent = await startRelayAgent({ config, runner, logger: pino({ level: 'silent' }) });
const client = createRelayClient({ url: agent.url, agentId: 'bot', key: KEY, timeoutMs: 5_000 });

const report = (name: string, n: number, ms: number) =>
  console.log(
    `${name.padEnd(34)} ${n} in ${ms.toFixed(0)} ms  ${((n / ms) * 1000).toFixed(0)}/s  ${(ms / n).toFixed(2)} ms each`,
  );

try {
  for (let i = 0; i < 50; i++) await client.getSyncScope(`warm-${i}`);
  let t = performance.now();
  for (let i = 0; i < 1_000; i++) await client.getSyncScope(`seq-${i}`);
  report('sequential signed requests', 1_000, performance.now() - t);
  t = performance.now();
  for (let b = 0; b < 100; b++)
    await Promise.all(Array.from({ length: 20 }, (_, i) => client.getSyncScope(`par-${b}-${i}`)));
  report('20 concurrent signed requests', 2_000, performance.now() - t);

  const verifier = new RequestVerifier({ agents: new Map([['bot', [KEY]]]), clockSkewSeconds: 300 });
  const body = Buffer.from('{}');
  t = performance.now();
  for (let i = 0; i < 20_000; i++) {
    const h = signedHeaders({
      key: KEY,
      agentId: 'bot',
      method: 'POST',
      path: '/v1/operations/x',
      body: '{}',
      requestId: `v${i}`,
    });
    if (!verifier.verify('POST', '/v1/operations/x', h, body).ok) throw new Error('verification failed');
  }
  report('sign + verify (no HTTP)', 20_000, performance.now() - t);
  console.log(`nonces remembered: ${verifier.rememberedNonces}`);
} finally {
  await agent.close();
}
