/**
 * The fault soak (issue 12): a few dozen approved jobs (the create-ad-account playbook: create the AD account on Samba, set
 * the ImmutableID through Graph, delta sync through the relay, verify) while Graph answers about 20 % of
 * requests with 429 or 503 (with Retry-After), the relay agent is restarted twice mid-job and the Samba
 * DC once mid-job. Every job must end linked or failed-and-compensated; no write may run twice - counted
 * at Samba, at the Graph tenant and in the audit; no request may be lost. The figures are printed.
 *
 * Jobs run one after another: a delta sync syncs the whole scope, so concurrent jobs would change each
 * other's facts (the stale-plan guard would then stop them, correctly, but that is not what this soaks).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { assessMatch } from '../../core/assess.ts';
import { gatherMatchFacts } from '../../core/gather.ts';
import { guidToImmutableId } from '../../core/immutable-id.ts';
import { isTerminalJob, type Job } from '../../core/jobs/job-types.ts';
import { jobOf } from '../support/jobs.ts';
import type { JobEvent } from '../../core/jobs/runner.ts';
import { HARRY, SAM } from '../integration/jobs/harness.ts';
import { startDc, stopDc, TEST_DC } from './dc.ts';
import { createSoakWorld, type SoakWorld } from './soak/soak-world.ts';

const dc = inject('samba');
const JOBS = 30;
/** Job (0-based) whose sync wait sees a relay restart, and the job whose AD write sees the DC restart. */
const RELAY_RESTART_AT = new Set([7, 21]);
const DC_RESTART_AT = 14;

let w: SoakWorld;
beforeAll(async () => {
  w = await createSoakWorld(dc);
}, 120_000);
afterAll(async () => {
  await w?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run the approved job until it is finished; an outage before its first step releases it for later. */
const runToEnd = async (requestId: string, onEvent: (e: JobEvent) => void): Promise<Job> => {
  for (let attempt = 1; attempt <= 30; attempt++) {
    const r = await w.runner.runApproved(requestId, onEvent);
    if (r.job !== null && isTerminalJob(r.job.state)) return r.job;
    await sleep(500);
  }
  throw new Error(`job of ${requestId} did not finish`);
};

describe('fault soak', () => {
  it(`${JOBS} jobs under Graph faults, two relay restarts and a DC restart: nothing twice, nothing lost`, async () => {
    const people = Array.from({ length: JOBS }, (_, i) => {
      const n = String(i + 1).padStart(2, '0');
      return w.tenant.createCloudUser({
        userPrincipalName: `soak.person${n}@contoso.com`,
        displayName: `Soak Person ${n}`,
        mail: `soak.person${n}@contoso.com`,
        proxyAddresses: [`SMTP:soak.person${n}@contoso.com`],
      });
    });
    // About one request in five: 10 % throttled, then 11 % of the rest unavailable; both say when to retry.
    w.graph.faults.set({
      throttleRate: 0.1,
      unavailableRate: 0.111,
      retryAfterSeconds: 1,
      unavailableRetryAfterSeconds: 1,
      seed: 12,
    });
    const requestsBefore = w.graph.faults.stats.httpRequests + w.graph.faults.stats.batchItems;
    const restarts: Promise<void>[] = [];
    const jobs: Job[] = [];
    const ids: string[] = [];

    for (const [i, person] of people.entries()) {
      const facts = await gatherMatchFacts({ ...w.ports, clock: { now: () => new Date() } }, w.settings, {
        adUser: null,
        cloudUser: person.id,
        requestId: `soak-plan-${i}`,
      });
      const plan = assessMatch(facts).plan;
      expect(plan.playbook, `plan of ${person.userPrincipalName}`).toBe('create-ad-account');
      const { request } = await w.requests.create({ requester: HARRY, reason: `soak ${i}`, plan });
      await w.requests.approve({ requestId: request.id, actor: SAM });
      ids.push(request.id);

      let relayRestarted = false;
      let dcRestarted = false;
      const onEvent = (e: JobEvent) => {
        if (RELAY_RESTART_AT.has(i) && !relayRestarted && e.type === 'waiting-for-sync') {
          relayRestarted = true;
          restarts.push(w.restartRelay(300));
        }
        if (
          i === DC_RESTART_AT &&
          !dcRestarted &&
          e.type === 'step' &&
          e.kind === 'ad.create-user' &&
          e.phase === 'started'
        ) {
          dcRestarted = true;
          // Synchronous on purpose: the DC is down before the step's first LDAP call, and comes back
          // while the step is retrying.
          stopDc(TEST_DC);
          setTimeout(() => {
            startDc(TEST_DC);
            w.counters.dcRestarts++;
          }, 100);
        }
      };
      jobs.push(await runToEnd(request.id, onEvent));
    }
    await Promise.all(restarts);

    // Every job ended linked, or failed with its completed steps undone - nothing half-done.
    const byState = new Map<string, number>();
    for (const j of jobs) byState.set(j.state, (byState.get(j.state) ?? 0) + 1);
    expect(
      [...byState.keys()].every((s) => s === 'succeeded' || s === 'compensated'),
      JSON.stringify([...byState]),
    ).toBe(true);

    const audit = await w.storage.audit.recent(100_000);
    const auditsOf = (requestId: string, action: string) =>
      audit.filter((a) => a.requestId === requestId && a.action === action).length;

    for (const [i, job] of jobs.entries()) {
      const person = people[i]!;
      const requestId = ids[i]!;
      const inSamba = await w.samba.searchUsers(person.userPrincipalName, 5);
      const creates = w.counters.adWrites.filter(
        (x) => x.op === 'createUser' && x.dn.includes(person.displayName!),
      );
      // Nothing lost: the job is in the store, in the state the run ended with.
      expect((await jobOf(w.storage.store, requestId))?.state).toBe(job.state);
      if (job.state === 'succeeded') {
        expect(inSamba).toHaveLength(1);
        const ad = await w.samba.getUser({ kind: 'upn', value: person.userPrincipalName });
        expect(job.verified?.immutableId).toBe(guidToImmutableId(ad!.objectGuid));
        expect(w.tenant.getUser(person.id)).toMatchObject({
          onPremisesSyncEnabled: true,
          onPremisesImmutableId: guidToImmutableId(ad!.objectGuid),
        });
        // Exactly once, at each far end and in the audit.
        expect(creates).toHaveLength(1);
        expect(w.counters.immutableIdWrites.get(person.id)).toBe(1);
        expect(auditsOf(requestId, 'step.ad.create-user')).toBe(1);
        expect(auditsOf(requestId, 'step.cloud.set-immutable-id')).toBe(1);
        expect(auditsOf(requestId, 'job.succeeded')).toBe(1);
      } else {
        expect(auditsOf(requestId, 'job.compensated')).toBe(1);
        expect(job.compensation.every((c) => c.status === 'done')).toBe(true);
        expect(creates.length).toBeLessThanOrEqual(1);
        expect(w.counters.immutableIdWrites.get(person.id) ?? 0).toBeLessThanOrEqual(2);
      }
    }

    const faults = w.graph.faults.stats.faults;
    const graphRequests =
      w.graph.faults.stats.httpRequests + w.graph.faults.stats.batchItems - requestsBefore;
    const injected = (faults['429'] ?? 0) + (faults['503'] ?? 0);
    expect(faults['429']).toBeGreaterThan(0);
    expect(faults['503']).toBeGreaterThan(0);
    // Every fault said Retry-After: 1, and the connector never retried sooner (a $batch retries its
    // failed items together, so there are fewer waits than faults).
    expect(w.counters.graphRetryWaits.length).toBeGreaterThan(0);
    expect(w.counters.graphRetryWaits.every((ms) => ms >= 1000)).toBe(true);
    expect(w.counters.relayRestarts).toBe(2);
    expect(w.counters.dcRestarts).toBe(1);
    // The restarts hit work in flight: relay calls failed and were retried, and the product's LDAP
    // session had to connect again after the DC came back.
    expect(w.counters.relayFailedCalls).toBeGreaterThan(0);
    expect(w.counters.adConnections).toBeGreaterThan(1);

    const figures = [
      `fault soak: ${JOBS} jobs (create-ad-account), sequential`,
      `  Graph: ${graphRequests} requests ($batch items counted), ${injected} faults injected (${faults['429'] ?? 0} x 429, ${faults['503'] ?? 0} x 503, Retry-After 1 s), ${w.counters.graphRetryWaits.length} retries`,
      `  relay agent: restarted ${w.counters.relayRestarts} times mid-job; ${w.counters.relayFailedCalls} relay calls failed and were retried; ${w.counters.relayOperations.length} operations run (${w.counters.relayOperations.filter((o) => o === 'delta-sync').length} delta syncs)`,
      `  Samba DC: restarted ${w.counters.dcRestarts} time mid-job; ${w.counters.adConnections} LDAP connections (binds); ${w.counters.adWrites.length} AD writes`,
      `  outcomes: ${[...byState].map(([s, n]) => `${n} ${s}`).join(', ')}; ImmutableID writes per user: max ${Math.max(...w.counters.immutableIdWrites.values())}`,
    ];
    process.stdout.write(`${figures.join('\n')}\n`);
  }, 600_000);
});
