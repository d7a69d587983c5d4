#!/usr/bin/env node
// Entry point of the relay agent (package.json bin `hardmatch-relay`; the Windows service runs this file).
// Runs on Node's type stripping. Configuration: HM_RELAY_* (docs/relay-agent.md).
import { runRelayAgent } from './run-agent.ts';

try {
  const agent = await runRelayAgent();
  process.stdout.write(`hardmatch-relay listening on ${agent.url}\n`);
} catch (e) {
  process.stderr.write(`hardmatch-relay: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
