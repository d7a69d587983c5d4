#!/usr/bin/env node
// Entry point of the relay agent (package.json bin `hardmatch-relay`; the Windows service runs this file).
// Runs on Node's type stripping. Configuration: HM_RELAY_* (docs/relay-agent.md).
// Exit status: 2 for a bad configuration (every bad key named), 1 for any other failure to start; one
// line on stderr either way, never a stack trace.
import { isDomainError } from '../core/errors.ts';
import { runRelayAgent } from './run-agent.ts';

try {
  const agent = await runRelayAgent();
  process.stdout.write(`hardmatch-relay listening on ${agent.url}\n`);
} catch (e) {
  const text = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ');
  process.stderr.write(`hardmatch-relay: ${text}\n`);
  process.exitCode = isDomainError(e) && e.code === 'CONFIG.INVALID' ? 2 : 1;
}
