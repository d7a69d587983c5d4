// The far ends `hardmatch doctor` talks to, on loopback: the Graph simulator with the sandbox's scenario
// tenant (optionally without P2, with UNCONFIRMED switches set) and the relay agent in front of the Entra
// Connect simulator. Returns the environment a CLI process needs to reach them; AD comes from the caller.
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../config/logger.ts';
import { startRelayAgent, type RelayAgent } from '../../relay/agent.ts';
import { loadRelayAgentConfig } from '../../relay/config.ts';
import { directorySource, simTenantTarget } from '../../sandbox/entra-connect/adapters.ts';
import { EntraConnectSimulator } from '../../sandbox/entra-connect/simulator.ts';
import type { GraphFaultOptions } from '../../sandbox/graph/faults.ts';
import { createScenarioTenant, SANDBOX_IDS } from '../../sandbox/graph/scenarios.ts';
import {
  startGraphSimulator,
  type GraphSimulator,
  type GraphSimulatorOptions,
} from '../../sandbox/graph/server.ts';
import type { SimTenant } from '../../sandbox/graph/tenant.ts';
import { MemoryDirectory } from '../../sandbox/memory-directory.ts';
import { PARKING_OU, SCENARIO_BASE_DN, SYNCED_OUS, scenarioAdSeed } from '../../sandbox/scenarios-data.ts';

export interface DoctorWorld {
  readonly graph: GraphSimulator;
  readonly tenant: SimTenant;
  readonly simulator: EntraConnectSimulator;
  /** GRAPH_* (static token unless `trustedIssuer` is given), RELAY_*, HM_* for the sandbox's OUs. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export const startDoctorWorld = async (
  o: {
    readonly entraIdP2?: boolean;
    readonly faults?: GraphFaultOptions;
    readonly trustedIssuer?: GraphSimulatorOptions['trustedIssuer'];
    readonly connectVersion?: string | null;
    readonly clockOffsetMs?: number;
    /** Extra cloud state for one test. */
    readonly tenant?: (t: SimTenant) => void;
  } = {},
): Promise<DoctorWorld> => {
  const { tenant } = createScenarioTenant({ seed: 7, entraIdP2: o.entraIdP2 ?? true });
  o.tenant?.(tenant);
  const token = randomBytes(18).toString('base64url');
  const graph = await startGraphSimulator({
    tenant,
    token,
    faults: { featuresAppOnly: 'allowed', ...o.faults },
    ...(o.trustedIssuer === undefined ? {} : { trustedIssuer: o.trustedIssuer }),
  });
  const ad = new MemoryDirectory({ baseDn: SCENARIO_BASE_DN });
  ad.seed(scenarioAdSeed());
  const simulator = new EntraConnectSimulator({
    cloud: simTenantTarget(tenant),
    ad: directorySource(ad),
    scope: { inclusions: [...SYNCED_OUS], exclusions: [], groupFilteringGroupDn: null },
    sourceAnchor: 'mS-DS-ConsistencyGuid',
    ...(o.connectVersion === undefined ? {} : { connectVersion: o.connectVersion }),
    ...(o.clockOffsetMs === undefined ? {} : { clockOffsetMs: o.clockOffsetMs }),
  });
  const key = randomBytes(32).toString('base64');
  const agent: RelayAgent = await startRelayAgent({
    config: loadRelayAgentConfig({
      HM_RELAY_MODE: 'simulator',
      HM_RELAY_PORT: '0',
      HM_RELAY_AGENT_ID: 'doctor',
      HM_RELAY_KEY: key,
    }),
    runner: simulator,
    logger: createLogger({ level: 'silent' }),
  });
  return {
    graph,
    tenant,
    simulator,
    env: {
      GRAPH_BASE_URL: graph.url,
      ...(o.trustedIssuer === undefined ? { GRAPH_STATIC_TOKEN: token } : {}),
      GRAPH_MAX_RETRIES: '0',
      RELAY_URL: agent.url,
      RELAY_AGENT_ID: 'doctor',
      RELAY_KEY: key,
      HM_PARKING_OU: PARKING_OU,
      HM_NEW_USER_OU: SYNCED_OUS[0],
      HM_REQUESTERS_GROUP_ID: SANDBOX_IDS.requestersGroup,
      // A deployment with its sync-health watcher on (off, doctor warns: alerts.watcher).
      HM_ALERTS_CONVERSATION_ID: '19:ops@thread.tacv2',
      LOG_LEVEL: 'silent',
    },
    close: async () => {
      await agent.close();
      await graph.close();
    },
  };
};
