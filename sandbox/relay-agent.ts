#!/usr/bin/env node
// The relay agent with HM_RELAY_MODE=simulator available: the same agent as relay/main.ts, with the
// sandbox's simulated Entra Connect injected (relay/ itself never loads sandbox code).
import { runRelayAgent } from '../relay/run-agent.ts';
import { standaloneSimulatorRunner } from './entra-connect/standalone.ts';

try {
  const agent = await runRelayAgent(process.env, { simulator: standaloneSimulatorRunner });
  process.stdout.write(`hardmatch-relay listening on ${agent.url}\n`);
} catch (e) {
  process.stderr.write(`hardmatch-relay: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
