/** Shared set-up for the request service and job runner tests: real store, real connectors, simulators. */
import { createSqliteStorage, type Storages } from '../../../connectors/store/create-storage.ts';
import { createRequestService, type RequestService } from '../../../core/approvals/request-service.ts';
import { groupMembership } from '../../../core/approvals/membership.ts';
import { assessMatch } from '../../../core/assess.ts';
import { gatherMatchFacts, type GatherInput } from '../../../core/gather.ts';
import type { Plan } from '../../../core/plan.ts';
import type { Person } from '../../../core/policy.ts';
import type { Clock } from '../../../core/ports.ts';
import { createJobRunner, type JobRunner, type JobRunnerDeps } from '../../../core/jobs/runner.ts';
import { SANDBOX_IDS } from '../../../sandbox/graph/scenarios.ts';
import type { ScenarioName } from '../../../sandbox/scenarios-data.ts';
import { createJobWorld, type JobWorld } from '../../fakes/job-world.ts';

export const HARRY: Person = { id: SANDBOX_IDS.helpdeskUser, name: 'Helpdesk Harry' };
export const SAM: Person = { id: SANDBOX_IDS.seniorAdmin, name: 'Senior Sam' };

/** A clock tests can move. */
export const manualClock = (start = new Date()): Clock & { advance(ms: number): void } => {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
};

export const FAST_TIMING = { pollAttempts: 5, pollDelayMs: 10, syncTimeoutMs: 10_000 };

export interface Harness {
  readonly world: JobWorld;
  readonly storage: Storages;
  readonly requests: RequestService;
  readonly clock: Clock & { advance(ms: number): void };
  runner(owner: string, extra?: Partial<JobRunnerDeps>): JobRunner;
  /** The plan for the scenario's users, or for `input`'s (adUser null: create the AD account). */
  plan(input?: Pick<GatherInput, 'adUser' | 'cloudUser'>): Promise<Plan>;
  close(): Promise<void>;
}

export const harness = async (scenario: ScenarioName, sqlitePath = ':memory:'): Promise<Harness> => {
  const world = await createJobWorld(scenario);
  // Harry (the requester) is an approver too, so four-eyes is tested on the request, not on membership.
  world.tenant.addGroupMember(SANDBOX_IDS.approversGroup, HARRY.id);
  const storage = createSqliteStorage(sqlitePath);
  const clock = manualClock();
  const membership = groupMembership(
    world.cloud,
    { requestersGroupId: SANDBOX_IDS.requestersGroup, approversGroupId: SANDBOX_IDS.approversGroup },
    clock,
    0,
  );
  const requests = createRequestService({
    store: storage.store,
    audit: storage.audit,
    clock,
    membership,
    ttlHours: 24,
  });
  const ports = { onPrem: world.onPrem, cloud: world.cloud, relay: world.relay };
  return {
    world,
    storage,
    requests,
    clock,
    runner: (owner, extra = {}) =>
      createJobRunner({
        store: storage.store,
        audit: storage.audit,
        clock,
        ports,
        settings: world.settings,
        owner,
        timing: FAST_TIMING,
        ...extra,
      }),
    async plan(input) {
      const facts = await gatherMatchFacts({ ...ports, clock }, world.settings, {
        adUser:
          input === undefined ? { kind: 'guid', value: world.scenario.adUser.objectGuid } : input.adUser,
        cloudUser: input === undefined ? world.scenario.cloudUser.id : input.cloudUser,
        requestId: 'test',
      });
      return assessMatch(facts).plan;
    },
    async close() {
      await world.close();
      storage.close();
    },
  };
};
