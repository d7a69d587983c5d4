/**
 * The sandbox's simulated world, in-process: the Graph simulator (a prepared tenant with the guides'
 * scenarios and seeded users) over loopback HTTP, the in-memory AD seeded with the scenarios' AD side,
 * and the relay agent over loopback HTTP with the Entra Connect simulator behind it. The bot reaches all
 * three through the real connectors, exactly as in production.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../config/logger.ts';
import { createGraphDirectory } from '../../connectors/graph/graph-directory.ts';
import { createRelayClient } from '../../connectors/relay/relay-client.ts';
import { startRelayAgent, type RelayAgent } from '../../relay/agent.ts';
import { loadRelayAgentConfig } from '../../relay/config.ts';
import type { DirectoryPorts as Ports } from '../../app/context.ts';
import { directorySource, simTenantTarget } from '../entra-connect/adapters.ts';
import { EntraConnectSimulator } from '../entra-connect/simulator.ts';
import { createScenarioTenant, type ScenarioCloud } from '../graph/scenarios.ts';
import { seedTenant } from '../graph/seed.ts';
import { startGraphSimulator, type GraphSimulator } from '../graph/server.ts';
import type { SimTenant } from '../graph/tenant.ts';
import { MemoryDirectory } from '../memory-directory.ts';
import {
  PARKING_OU,
  SCENARIO_AD_DOMAIN,
  SCENARIO_BASE_DN,
  SYNCED_OUS,
  scenarioAdSeed,
  type ScenarioName,
} from '../scenarios-data.ts';

export interface WorldOptions {
  /** Extra generated users besides the scenarios (default 200). */
  readonly seededUsers?: number;
  /** How long a simulated sync cycle keeps Entra Connect busy (default 3 s). */
  readonly cycleMs?: number;
  readonly log: Logger;
}

export interface SandboxWorld {
  readonly ports: Ports;
  readonly tenant: SimTenant;
  readonly directory: MemoryDirectory;
  readonly scenarios: Readonly<Record<ScenarioName, ScenarioCloud>>;
  readonly graph: GraphSimulator;
  readonly simulator: EntraConnectSimulator;
  /** Stop the relay agent only (tests use it to show the outage card). */
  stopRelay(): Promise<void>;
  close(): Promise<void>;
}

export const PARKING_OU_DN = PARKING_OU;

export const startWorld = async (o: WorldOptions): Promise<SandboxWorld> => {
  const { tenant, scenarios } = createScenarioTenant({ seed: 7 });
  const seeded =
    (o.seededUsers ?? 200) > 0 ? seedTenant({ users: o.seededUsers ?? 200, seed: 7, tenant }) : null;
  const token = randomBytes(24).toString('base64url');
  // The sandbox's tenant is one where the app may read the sync features (practitioners report it
  // works; the docs say app-only is not supported - the simulator's default), so newcomers see the
  // takeover-block check read; doctor and the tests show the documented refusal too.
  const graph = await startGraphSimulator({ tenant, token, port: 0, faults: { featuresAppOnly: 'allowed' } });

  const directory = new MemoryDirectory({ baseDn: SCENARIO_BASE_DN });
  const ad = scenarioAdSeed();
  // The generated synced users exist in AD too, so a sync keeps them linked (it would soft-delete them otherwise).
  directory.seed({ ous: ad.ous, users: [...ad.users, ...(seeded?.onPremUsers ?? [])] });

  const simulator = new EntraConnectSimulator({
    cloud: simTenantTarget(tenant),
    ad: directorySource(directory),
    scope: { inclusions: [...SYNCED_OUS], exclusions: [], groupFilteringGroupDn: null },
    sourceAnchor: 'mS-DS-ConsistencyGuid',
    cycleMs: o.cycleMs ?? 3000,
    adConnectorName: SCENARIO_AD_DOMAIN,
    aadConnectorName: `${tenant.initialDomain} - AAD`,
    onCycleError: (e) => o.log.warn({ err: e }, 'simulated sync cycle failed'),
  });
  const key = randomBytes(32).toString('base64');
  const agentConfig = loadRelayAgentConfig({
    HM_RELAY_MODE: 'simulator',
    HM_RELAY_HOST: '127.0.0.1',
    HM_RELAY_PORT: '0',
    HM_RELAY_AGENT_ID: 'sandbox',
    HM_RELAY_KEY: key,
  });
  let agent: RelayAgent | null = await startRelayAgent({
    config: agentConfig,
    runner: simulator,
    logger: o.log,
  });

  const ports: Ports = {
    cloud: createGraphDirectory(
      {
        baseUrl: graph.url,
        authorityHost: 'https://login.microsoftonline.com',
        maxRetries: 1,
        auth: { kind: 'static-token', token },
      },
      o.log,
    ),
    onPrem: directory,
    relay: createRelayClient({ url: agent.url, agentId: 'sandbox', key, timeoutMs: 5000 }, o.log, {
      retries: 0,
    }),
  };
  const stopRelay = async () => {
    const a = agent;
    agent = null;
    await a?.close();
  };
  return {
    ports,
    tenant,
    directory,
    scenarios,
    graph,
    simulator,
    stopRelay,
    close: async () => {
      await stopRelay();
      await graph.close();
    },
  };
};
