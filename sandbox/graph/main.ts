/**
 * Run the Graph simulator on its own:
 *   node sandbox/graph/main.ts [--port N] [--users N] [--seed S] [--scenarios] [--latency MS]
 *        [--throttle-rate R] [--deleted-filter supported|unsupported] [--errors-filter supported|unsupported]
 * Prints the URL and the static token (and the env lines for `hardmatch`); Ctrl+C stops it.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createScenarioTenant, prepareSandboxTenant } from './scenarios.ts';
import { seedTenant } from './seed.ts';
import { startGraphSimulator } from './server.ts';
import { SimTenant } from './tenant.ts';

// A terminal program: it prints on purpose (stdout for the URL/token, stderr for bad options).
const say = (line: string): boolean => process.stdout.write(`${line}\n`);
const complain = (line: string): boolean => process.stderr.write(`${line}\n`);

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    users: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    scenarios: { type: 'boolean', default: false },
    latency: { type: 'string', default: '0' },
    'throttle-rate': { type: 'string', default: '0' },
    'deleted-filter': { type: 'string', default: 'supported' },
    'errors-filter': { type: 'string', default: 'supported' },
  },
});

const num = (name: string, raw: string, min: number, max: number): number => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    complain(`--${name}: expected a number from ${min} to ${max}, got '${raw}'`);
    process.exit(2);
  }
  return n;
};
const mode = (name: string, raw: string): 'supported' | 'unsupported' => {
  if (raw === 'supported' || raw === 'unsupported') return raw;
  complain(`--${name}: expected supported or unsupported, got '${raw}'`);
  return process.exit(2);
};

const seed = num('seed', values.seed, 0, 2 ** 32 - 1);
const users = num('users', values.users, 0, 100_000);
const tenant = values.scenarios
  ? createScenarioTenant({ seed }).tenant
  : prepareSandboxTenant(new SimTenant({ seed }));
if (users > 0) seedTenant({ users, seed, tenant });

const token = randomBytes(24).toString('base64url');
const sim = await startGraphSimulator({
  port: num('port', values.port, 0, 65535),
  tenant,
  token,
  faults: {
    latencyMs: num('latency', values.latency, 0, 60_000),
    throttleRate: num('throttle-rate', values['throttle-rate'], 0, 1),
    deletedItemsFilter: mode('deleted-filter', values['deleted-filter']),
    provisioningErrorsFilter: mode('errors-filter', values['errors-filter']),
  },
});
say(`Graph simulator: ${sim.url}/v1.0  (${tenant.userCount} users, ${tenant.deletedUserCount} deleted)`);
say(`GRAPH_BASE_URL=${sim.url}`);
say(`GRAPH_STATIC_TOKEN=${token}`);
const stop = (): void => void sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
