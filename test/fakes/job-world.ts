/**
 * The world a job runs against in tests, made of the real in-memory implementations: the in-memory AD
 * (sandbox/memory-directory.ts), the Graph simulator's tenant with a guide scenario loaded, and the Entra
 * Connect simulator applying the matching rules on delta sync. Two seams are TEMPORARY hand-written
 * adapters until the connectors land: SimTenantCloud (instead of createGraphDirectory over HTTP) and
 * `simulatorRelay` (calls the simulator's operations in process instead of the relay client over HTTP).
 * Directory writes are counted so tests can assert that nothing ran twice.
 */
import { MemoryDirectory } from '../../sandbox/memory-directory.ts';
import { SimTenant } from '../../sandbox/graph/tenant.ts';
import { loadScenario, prepareSandboxTenant, type ScenarioCloud } from '../../sandbox/graph/scenarios.ts';
import { EntraConnectSimulator } from '../../sandbox/entra-connect/simulator.ts';
import { directorySource, simTenantTarget } from '../../sandbox/entra-connect/adapters.ts';
import {
  PARKING_OU,
  SCENARIO_BASE_DN,
  SCENARIO_DATA,
  SCENARIO_OUS,
  SYNCED_OUS,
  type ScenarioName,
} from '../../sandbox/scenarios-data.ts';
import type { NewOnPremUser, OnPremDirectory, SyncRelay } from '../../core/ports.ts';
import type { GatherSettings } from '../../core/gather.ts';
import { SimTenantCloud } from './sim-tenant-cloud.ts';

export interface AdWrite {
  readonly op: 'moveUser' | 'createUser';
  readonly dn: string;
  readonly to: string;
}

/** The in-memory AD with its writes recorded (delegation, not mocking: every call reaches the directory). */
export const countingDirectory = (ad: MemoryDirectory, writes: AdWrite[]): OnPremDirectory => ({
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

/** TEMPORARY: SyncRelay straight onto the simulator's operations (what the relay agent would run). */
export const simulatorRelay = (sim: EntraConnectSimulator): SyncRelay => ({
  startDeltaSync: (requestId) => sim.run('delta-sync', {}, { requestId }),
  getSchedulerStatus: (requestId) => sim.run('scheduler-status', {}, { requestId }),
  async waitUntilIdle(requestId, timeoutMs, onProgress) {
    const start = Date.now();
    for (;;) {
      const r = await sim.run(
        'wait-until-idle',
        { timeoutMs: Math.min(1_000, timeoutMs), pollMs: 50 },
        { requestId },
      );
      onProgress?.({ elapsedMs: Date.now() - start, scheduler: r.scheduler });
      if (r.idle) return r.scheduler;
      if (Date.now() - start > timeoutMs) throw new Error('sync did not finish');
    }
  },
  getLastRunResults: (requestId, count) => sim.run('run-results', { count }, { requestId }),
  syncSingleObject: (requestId, distinguishedName) =>
    sim.run('single-object-sync', { distinguishedName }, { requestId }),
  getSyncScope: (requestId) => sim.run('sync-scope', {}, { requestId }),
  restartSyncService: async (requestId) => void (await sim.run('restart-service', {}, { requestId })),
});

export interface JobWorld {
  readonly tenant: SimTenant;
  readonly scenario: ScenarioCloud;
  readonly ad: MemoryDirectory;
  readonly sim: EntraConnectSimulator;
  readonly onPrem: OnPremDirectory;
  readonly cloud: SimTenantCloud;
  readonly relay: SyncRelay;
  readonly adWrites: AdWrite[];
  readonly settings: GatherSettings;
}

/** One guide scenario: its AD user in a synced OU, its cloud side in a prepared tenant, Connect idle. */
export const createJobWorld = (name: ScenarioName, options: { cycleMs?: number } = {}): JobWorld => {
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
  const adWrites: AdWrite[] = [];
  return {
    tenant,
    scenario,
    ad,
    sim,
    onPrem: countingDirectory(ad, adWrites),
    cloud: new SimTenantCloud(tenant),
    relay: simulatorRelay(sim),
    adWrites,
    settings: { sourceAnchor: 'objectGUID', parkingOuDn: PARKING_OU, newUserOuDn: SYNCED_OUS[0] },
  };
};
