// Shared set-up for the Graph connector tests: the real SDK over real HTTP against the simulator on
// 127.0.0.1 port 0, with a recording sleep so backoff is asserted without waiting for it.
import type { GraphConfig } from '../../../config/config.ts';
import { createGraphDirectory, type GraphDirectory } from '../../../connectors/graph/graph-directory.ts';
import type { GraphFaultOptions } from '../../../sandbox/graph/faults.ts';
import { createScenarioTenant, type ScenarioCloud } from '../../../sandbox/graph/scenarios.ts';
import { startGraphSimulator, type GraphSimulator } from '../../../sandbox/graph/server.ts';
import type { SimTenant } from '../../../sandbox/graph/tenant.ts';
import type { ScenarioName } from '../../../sandbox/scenarios-data.ts';

export const TOKEN = 'test-token-graph-simulator';

export interface Harness {
  readonly sim: GraphSimulator;
  readonly tenant: SimTenant;
  readonly scenarios: Readonly<Record<ScenarioName, ScenarioCloud>>;
  readonly dir: GraphDirectory;
  readonly config: GraphConfig;
  /** Every delay the connector asked to sleep, in ms. */
  readonly sleeps: number[];
  /** A fresh connector (its own fallback memory), same simulator. */
  newDirectory(overrides?: Partial<GraphConfig>): GraphDirectory;
  close(): Promise<void>;
}

/**
 * The simulator's UNCONFIRMED switches default to their strict outcome; the harness reads the sync
 * features app-only (`featuresAppOnly: 'allowed'`) unless a test asks otherwise, so that checks that
 * depend on them can be seen read. `entraIdP2: false` builds the scenarios in a tenant without P2.
 */
export const startHarness = async (
  options: {
    faults?: GraphFaultOptions;
    maxRetries?: number;
    tenant?: (t: SimTenant) => void;
    entraIdP2?: boolean;
  } = {},
): Promise<Harness> => {
  const { tenant, scenarios } = createScenarioTenant({ seed: 11, entraIdP2: options.entraIdP2 ?? true });
  options.tenant?.(tenant);
  const sim = await startGraphSimulator({
    tenant,
    token: TOKEN,
    faults: { featuresAppOnly: 'allowed', ...options.faults },
  });
  const sleeps: number[] = [];
  const config: GraphConfig = {
    baseUrl: sim.url,
    authorityHost: 'https://login.microsoftonline.com',
    maxRetries: options.maxRetries ?? 3,
    auth: { kind: 'static-token', token: TOKEN },
  };
  const newDirectory = (overrides: Partial<GraphConfig> = {}): GraphDirectory =>
    createGraphDirectory({ ...config, ...overrides }, undefined, {
      timing: {
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
        random: () => 0.5,
      },
    });
  return {
    sim,
    tenant,
    scenarios,
    dir: newDirectory(),
    config,
    sleeps,
    newDirectory,
    close: () => sim.close(),
  };
};

/** Expect a promise to reject with a DomainError of `code`; returns the error for further checks. */
export const rejection = async (p: Promise<unknown>): Promise<any> => {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
};
