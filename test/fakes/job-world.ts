/**
 * The world a job runs against in tests, made only of real implementations: the in-memory AD
 * (sandbox/memory-directory.ts), the Graph simulator over HTTP with a guide scenario loaded, reached
 * through the real Graph connector, and the relay agent over HTTP (signed requests) in front of the
 * Entra Connect simulator, reached through the real relay client. AD writes are recorded by a delegating
 * wrapper and Graph writes are read from the simulator's request log, so tests can assert that nothing
 * ran twice.
 */
import { createGraphDirectory } from '../../connectors/graph/graph-directory.ts';
import { createRelayClient } from '../../connectors/relay/relay-client.ts';
import { createLogger } from '../../config/logger.ts';
import type { GraphConfig, RelayClientConfig } from '../../config/config.ts';
import type { GatherSettings } from '../../core/gather.ts';
import type { CloudDirectory, NewOnPremUser, OnPremDirectory, SyncRelay } from '../../core/ports.ts';
import { startRelayAgent, type RelayAgent } from '../../relay/agent.ts';
import { loadRelayAgentConfig } from '../../relay/config.ts';
import { directorySource, simTenantTarget } from '../../sandbox/entra-connect/adapters.ts';
import { EntraConnectSimulator } from '../../sandbox/entra-connect/simulator.ts';
import { loadScenario, prepareSandboxTenant, type ScenarioCloud } from '../../sandbox/graph/scenarios.ts';
import { startGraphSimulator, type GraphSimulator } from '../../sandbox/graph/server.ts';
import { SimTenant } from '../../sandbox/graph/tenant.ts';
import { MemoryDirectory } from '../../sandbox/memory-directory.ts';
import {
  PARKING_OU,
  SCENARIO_BASE_DN,
  SCENARIO_DATA,
  SCENARIO_OUS,
  SYNCED_OUS,
  type ScenarioName,
} from '../../sandbox/scenarios-data.ts';

export interface AdWrite {
  readonly op: 'moveUser' | 'createUser';
  readonly dn: string;
  readonly to: string;
}

/** The in-memory AD with its writes recorded (delegation, not mocking: every call reaches the directory). */
export const countingDirectory = (ad: OnPremDirectory, writes: AdWrite[]): OnPremDirectory => ({
  searchUsers: (p, l) => ad.searchUsers(p, l),
  getUser: (k) => ad.getUser(k),
  listUsersInOu: (ou) => ad.listUsersInOu(ou),
  ouExists: (ou) => ad.ouExists(ou),
  async moveUser(dn: string, target: string) {
    const moved = await ad.moveUser(dn, target);
    writes.push({ op: 'moveUser', dn, to: target });
    return moved;
  },
  async createUser(spec: NewOnPremUser) {
    const created = await ad.createUser(spec);
    writes.push({ op: 'createUser', dn: created.dn, to: spec.ouDn });
    return created;
  },
});

const TOKEN = 'job-world-graph-token';
const AGENT_ID = 'bot';
const KEY = 'job-world-relay-key-0123456789abcdef';

/** How a second process reaches the same cloud and relay (the AD is served separately). */
export interface WorldEndpoints {
  readonly graph: GraphConfig;
  readonly relay: RelayClientConfig;
}

/** Real connectors for `endpoints`, tuned for tests (short relay waits). */
export const connectTo = (endpoints: WorldEndpoints): { cloud: CloudDirectory; relay: SyncRelay } => {
  const logger = createLogger({ level: 'silent' });
  return {
    cloud: createGraphDirectory(endpoints.graph, logger),
    relay: createRelayClient(endpoints.relay, logger, { retryDelayMs: 10, waitSliceMs: 200, pollMs: 20 }),
  };
};

export interface JobWorld {
  readonly tenant: SimTenant;
  readonly scenario: ScenarioCloud;
  readonly ad: MemoryDirectory;
  readonly sim: EntraConnectSimulator;
  readonly onPrem: OnPremDirectory;
  readonly cloud: CloudDirectory;
  readonly relay: SyncRelay;
  readonly endpoints: WorldEndpoints;
  readonly adWrites: AdWrite[];
  readonly settings: GatherSettings;
  /** Graph writes (PATCH / DELETE / POST .../restore) as the simulator received them. */
  cloudWrites(): { readonly method: string; readonly path: string; readonly requestId: string }[];
  /** Take the relay agent down (an outage); close() still cleans up. */
  stopRelay(): Promise<void>;
  close(): Promise<void>;
}

/** One guide scenario: its AD user in a synced OU, its cloud side in a prepared tenant, Connect idle. */
export const createJobWorld = async (
  name: ScenarioName,
  options: { cycleMs?: number } = {},
): Promise<JobWorld> => {
  const tenant = prepareSandboxTenant(new SimTenant({ seed: 7 }));
  const scenario = loadScenario(tenant, name);
  const ad = new MemoryDirectory({ baseDn: SCENARIO_BASE_DN });
  ad.seed({ ous: SCENARIO_OUS, users: [SCENARIO_DATA[name].adUser] });
  const sim = new EntraConnectSimulator({
    cloud: simTenantTarget(tenant),
    ad: directorySource(ad),
    scope: { inclusions: [...SYNCED_OUS], exclusions: [], groupFilteringGroupDn: null },
    sourceAnchor: 'objectGUID',
    cycleMs: options.cycleMs ?? 5,
  });
  const graph: GraphSimulator = await startGraphSimulator({ tenant, token: TOKEN });
  const agent: RelayAgent = await startRelayAgent({
    config: loadRelayAgentConfig({
      HM_RELAY_MODE: 'simulator',
      HM_RELAY_PORT: '0',
      HM_RELAY_AGENT_ID: AGENT_ID,
      HM_RELAY_KEY: KEY,
    }),
    runner: sim,
    logger: createLogger({ level: 'silent' }),
  });
  const endpoints: WorldEndpoints = {
    graph: {
      baseUrl: graph.url,
      authorityHost: 'https://login.microsoftonline.com',
      maxRetries: 2,
      auth: { kind: 'static-token', token: TOKEN },
    },
    relay: { url: agent.url, agentId: AGENT_ID, key: KEY, timeoutMs: 10_000 },
  };
  const adWrites: AdWrite[] = [];
  let agentStopped: Promise<void> | null = null;
  const stopAgent = () => (agentStopped ??= agent.close());
  return {
    tenant,
    scenario,
    ad,
    sim,
    onPrem: countingDirectory(ad, adWrites),
    ...connectTo(endpoints),
    endpoints,
    adWrites,
    settings: { sourceAnchor: 'objectGUID', parkingOuDn: PARKING_OU, newUserOuDn: SYNCED_OUS[0] },
    cloudWrites: () =>
      graph.faults.stats.recent
        .map((r) => ({
          method: r.method,
          path: new URL(r.rawUrl, 'http://x').pathname,
          requestId: r.requestId,
        }))
        .filter(
          (r) =>
            r.method === 'PATCH' ||
            r.method === 'DELETE' ||
            (r.method === 'POST' && r.path.endsWith('/restore')),
        ),
    stopRelay: () => stopAgent(),
    async close() {
      sim.close();
      await stopAgent();
      await graph.close();
    },
  };
};
