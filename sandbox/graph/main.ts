/**
 * Run the Graph simulator on its own:
 *   node sandbox/graph/main.ts [--port N] [--users N] [--seed S] [--scenarios] [--no-p2] [--latency MS]
 *        [--throttle-rate R] [--page-size N] [--deleted-filter supported|advanced-only|unsupported]
 *        [--errors-filter supported|unsupported] [--features-app-only allowed|refused]
 *        [--beta available|unavailable] [--beta-only-on-v1 refused|ignored]
 * Prints the URL and the static token (and the env lines for `hardmatch`); Ctrl+C stops it. The
 * switches are the UNCONFIRMED behaviours of reference/graph.md (sandbox/graph/faults.ts).
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
    'page-size': { type: 'string', default: '0' },
    'no-p2': { type: 'boolean', default: false },
    'deleted-filter': { type: 'string', default: 'advanced-only' },
    'errors-filter': { type: 'string', default: 'supported' },
    'features-app-only': { type: 'string', default: 'allowed' },
    beta: { type: 'string', default: 'available' },
    'beta-only-on-v1': { type: 'string', default: 'refused' },
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
const oneOf = <T extends string>(name: string, raw: string, allowed: readonly T[]): T => {
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  complain(`--${name}: expected ${allowed.join(' or ')}, got '${raw}'`);
  return process.exit(2);
};

const seed = num('seed', values.seed, 0, 2 ** 32 - 1);
const users = num('users', values.users, 0, 100_000);
const entraIdP2 = !values['no-p2'];
const tenant = values.scenarios
  ? createScenarioTenant({ seed, entraIdP2 }).tenant
  : prepareSandboxTenant(new SimTenant({ seed, entraIdP2 }));
const pageSize = num('page-size', values['page-size'], 0, 999);
if (users > 0) seedTenant({ users, seed, tenant });

const token = randomBytes(24).toString('base64url');
const sim = await startGraphSimulator({
  port: num('port', values.port, 0, 65535),
  tenant,
  token,
  faults: {
    latencyMs: num('latency', values.latency, 0, 60_000),
    throttleRate: num('throttle-rate', values['throttle-rate'], 0, 1),
    ...(pageSize > 0 ? { pageSize } : {}),
    deletedItemsFilter: oneOf('deleted-filter', values['deleted-filter'], [
      'supported',
      'advanced-only',
      'unsupported',
    ] as const),
    provisioningErrorsFilter: oneOf('errors-filter', values['errors-filter'], [
      'supported',
      'unsupported',
    ] as const),
    featuresAppOnly: oneOf('features-app-only', values['features-app-only'], ['allowed', 'refused'] as const),
    beta: oneOf('beta', values.beta, ['available', 'unavailable'] as const),
    betaOnlyOnV1: oneOf('beta-only-on-v1', values['beta-only-on-v1'], ['refused', 'ignored'] as const),
  },
});
say(
  `Graph simulator: ${sim.url}/v1.0 and /beta  (${tenant.userCount} users, ${tenant.deletedUserCount} deleted, Entra ID P2 ${entraIdP2 ? 'yes' : 'no'})`,
);
say(`GRAPH_BASE_URL=${sim.url}`);
say(`GRAPH_STATIC_TOKEN=${token}`);
const stop = (): void => void sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
