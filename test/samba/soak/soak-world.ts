/**
 * The fault soak's world (issue 12): every part real and reached as in production, with counters at
 * each far end so the soak can prove that no write ran twice.
 * - AD: the Samba DC of the samba project through the LDAP connector; the product's writes are counted
 *   by a delegating wrapper, and Samba itself is asked afterwards what exists.
 * - Graph: the simulator over HTTP with rate faults (429 and 503, both with Retry-After), reached through
 *   the Graph connector; the tenant's ImmutableID writes are counted where they land.
 * - Entra Connect: its simulator behind the relay agent over signed HTTP; the agent can be restarted on
 *   the same port (and keeps its replay journal on disk across restarts); the operations run are counted.
 * - The store (SQLite), the request service and the job runner exactly as the bot composes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { pino } from 'pino';
import { createLogger } from '../../../config/logger.ts';
import { createGraphDirectory } from '../../../connectors/graph/graph-directory.ts';
import { createLdapDirectory } from '../../../connectors/ldap/ldap-directory.ts';
import { createRelayClient } from '../../../connectors/relay/relay-client.ts';
import { createSqliteStorage, type Storages } from '../../../connectors/store/create-storage.ts';
import { groupMembership } from '../../../core/approvals/membership.ts';
import { createRequestService, type RequestService } from '../../../core/approvals/request-service.ts';
import type { GatherSettings } from '../../../core/gather.ts';
import { createJobRunner, type JobRunner } from '../../../core/jobs/runner.ts';
import type { OnPremDirectory } from '../../../core/ports.ts';
import { startRelayAgent, type RelayAgent } from '../../../relay/agent.ts';
import { loadRelayAgentConfig } from '../../../relay/config.ts';
import type { OperationName } from '../../../relay/operations.ts';
import type { ScriptRunner } from '../../../relay/script-runner.ts';
import { directorySource, simTenantTarget } from '../../../sandbox/entra-connect/adapters.ts';
import { EntraConnectSimulator } from '../../../sandbox/entra-connect/simulator.ts';
import { prepareSandboxTenant, SANDBOX_IDS } from '../../../sandbox/graph/scenarios.ts';
import { startGraphSimulator, type GraphSimulator } from '../../../sandbox/graph/server.ts';
import { SimTenant } from '../../../sandbox/graph/tenant.ts';
import { countingDirectory, type AdWrite } from '../../fakes/job-world.ts';
import { manualClock } from '../../integration/jobs/harness.ts';
import { ldapConfig, type SambaDc } from '../dc.ts';
import { seedOverLdap } from '../seed.ts';

const TOKEN = 'soak-graph-token';
const KEY = 'soak-relay-key-0123456789abcdefghijkl';

export interface SoakCounters {
  /** Waits the Graph connector asked for before a retry (ms, as Retry-After or backoff said). */
  readonly graphRetryWaits: number[];
  /** ImmutableID writes that reached the tenant, per cloud user id. */
  readonly immutableIdWrites: Map<string, number>;
  /** Operations the relay agent ran on Entra Connect. */
  readonly relayOperations: OperationName[];
  readonly adWrites: AdWrite[];
  /** Relay calls that failed and were retried or reported (the client's warn lines). */
  relayFailedCalls: number;
  /** Connections (binds) the product's LDAP session opened. */
  adConnections: number;
  relayRestarts: number;
  dcRestarts: number;
}

export interface SoakWorld {
  readonly tenant: SimTenant;
  readonly graph: GraphSimulator;
  readonly storage: Storages;
  readonly requests: RequestService;
  readonly runner: JobRunner;
  readonly settings: GatherSettings;
  readonly ports: {
    readonly onPrem: OnPremDirectory;
    readonly cloud: ReturnType<typeof createGraphDirectory>;
    readonly relay: ReturnType<typeof createRelayClient>;
  };
  /** A fresh LDAP view of Samba, independent of the product's connection. */
  readonly samba: OnPremDirectory;
  readonly counters: SoakCounters;
  readonly newUserOu: string;
  /** Stops the agent, waits `downMs`, starts a new one on the same port and journal. */
  restartRelay(downMs: number): Promise<void>;
  close(): Promise<void>;
}

/** A pino logger whose lines are handed to `onLine` (to count what a connector reports). */
const countingLogger = (level: string, onLine: (line: string) => void) =>
  pino(
    { level },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) onLine(line);
        done();
      },
    }),
  );

/** Delegates to the Entra Connect simulator and records what it ran. */
const countingRunner = (inner: ScriptRunner, ran: OperationName[]): ScriptRunner => ({
  run: (operation, params, context) => {
    ran.push(operation);
    return inner.run(operation, params, context);
  },
});

export const createSoakWorld = async (dc: SambaDc): Promise<SoakWorld> => {
  const root = `OU=Soak,${dc.baseDn}`;
  const newUserOu = `OU=New Starters,${root}`;
  await seedOverLdap({ url: dc.ldapUrl, bindDn: dc.bindDn, password: dc.password }, root, {
    ous: [root, newUserOu, `OU=Parking,${root}`],
    users: [],
  });
  const counters: SoakCounters = {
    graphRetryWaits: [],
    immutableIdWrites: new Map(),
    relayOperations: [],
    adWrites: [],
    relayFailedCalls: 0,
    adConnections: 0,
    relayRestarts: 0,
    dcRestarts: 0,
  };
  const tenant = prepareSandboxTenant(new SimTenant({ seed: 12 }));
  // Where the ImmutableID writes land: counted by delegation, every call still reaches the tenant.
  const patchUser = tenant.patchUser.bind(tenant);
  tenant.patchUser = (idOrUpn, patch) => {
    const updated = patchUser(idOrUpn, patch);
    if (patch.onPremisesImmutableId !== undefined)
      counters.immutableIdWrites.set(updated.id, (counters.immutableIdWrites.get(updated.id) ?? 0) + 1);
    return updated;
  };
  const graph = await startGraphSimulator({ tenant, token: TOKEN });

  const log = createLogger({ level: 'silent' });
  // Each bind is a new connection: more than one means the product reconnected (after the DC restart).
  const product = createLdapDirectory(
    ldapConfig(dc),
    countingLogger('debug', (line) => {
      if (line.includes('"msg":"ldap bound"')) counters.adConnections++;
    }),
  );
  const samba = createLdapDirectory(ldapConfig(dc), log);
  const onPrem = countingDirectory(product, counters.adWrites);
  const connect = new EntraConnectSimulator({
    cloud: simTenantTarget(tenant),
    ad: directorySource(samba),
    scope: { inclusions: [newUserOu], exclusions: [], groupFilteringGroupDn: null },
    sourceAnchor: 'objectGUID',
    cycleMs: 5,
  });
  const journalDir = mkdtempSync(join(tmpdir(), 'hm-soak-'));
  const agentConfig = (port: number) =>
    loadRelayAgentConfig({
      HM_RELAY_MODE: 'simulator',
      HM_RELAY_PORT: String(port),
      HM_RELAY_KEY: KEY,
      HM_RELAY_NONCE_FILE: join(journalDir, 'nonces.log'),
    });
  const runner = countingRunner(connect, counters.relayOperations);
  let agent: RelayAgent = await startRelayAgent({ config: agentConfig(0), runner, logger: log });
  const port = Number(new URL(agent.url).port);

  const cloud = createGraphDirectory(
    {
      baseUrl: graph.url,
      authorityHost: 'https://login.microsoftonline.com',
      maxRetries: 8,
      auth: { kind: 'static-token', token: TOKEN },
    },
    log,
    {
      // The waits Graph asked for are recorded; the soak does not sit through them in real time.
      timing: {
        sleep: (ms) => {
          counters.graphRetryWaits.push(ms);
          return new Promise((r) => setTimeout(r, 5));
        },
      },
    },
  );
  // The client's own account of failed calls (one warn line each), counted.
  const relayLog = countingLogger('warn', () => counters.relayFailedCalls++);
  const relay = createRelayClient({ url: agent.url, agentId: 'bot', key: KEY, timeoutMs: 10_000 }, relayLog, {
    retries: 4,
    retryDelayMs: 100,
    waitSliceMs: 200,
    pollMs: 20,
  });
  const storage = createSqliteStorage(':memory:');
  const clock = manualClock();
  const membership = groupMembership(
    cloud,
    { requestersGroupId: SANDBOX_IDS.requestersGroup, approversGroupId: SANDBOX_IDS.approversGroup },
    clock,
    0,
  );
  const settings: GatherSettings = {
    sourceAnchor: 'objectGUID',
    parkingOuDn: `OU=Parking,${root}`,
    newUserOuDn: newUserOu,
  };
  const ports = { onPrem, cloud, relay };
  return {
    tenant,
    graph,
    storage,
    requests: createRequestService({
      store: storage.store,
      audit: storage.audit,
      clock,
      membership,
      ttlHours: 24,
    }),
    runner: createJobRunner({
      store: storage.store,
      audit: storage.audit,
      clock,
      ports,
      settings,
      owner: 'soak',
      // Step retries long enough to outlast a DC restart (200 ms, 400 ms, ... 2.2 s: 13 s in all).
      timing: { pollAttempts: 10, pollDelayMs: 200, syncTimeoutMs: 30_000 },
      maxStepAttempts: 12,
    }),
    settings,
    ports,
    samba,
    counters,
    newUserOu,
    async restartRelay(downMs) {
      await agent.close();
      await new Promise((r) => setTimeout(r, downMs));
      agent = await startRelayAgent({ config: agentConfig(port), runner, logger: log });
      counters.relayRestarts++;
    },
    async close() {
      connect.close();
      await agent.close();
      await graph.close();
      await Promise.all([product.close(), samba.close()]);
      storage.close();
      rmSync(journalDir, { recursive: true, force: true });
    },
  };
};
