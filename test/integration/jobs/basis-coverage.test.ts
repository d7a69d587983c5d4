// The basis-coverage property (test/support/basis-coverage.ts) on the facts the real connectors gather
// for every sandbox scenario: the plan basis changes whenever a fact changes a check's block verdict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../../core/checks.ts';
import type { MatchFacts } from '../../../core/facts.ts';
import { gatherMatchFacts, type GatherInput } from '../../../core/gather.ts';
import type { Job } from '../../../core/jobs/job-types.ts';
import { buildPlan } from '../../../core/playbooks/index.ts';
import { SCENARIO_DATA, type ScenarioName } from '../../../sandbox/scenarios-data.ts';
import { createJobWorld } from '../../fakes/job-world.ts';
import { linkedTo, succeededJob } from '../../fixtures/jobs.ts';
import { basisCoverage, type NamedFacts } from '../../support/basis-coverage.ts';
import { manualClock } from './harness.ts';

const scenarios: NamedFacts[] = [];

const gather = async (name: ScenarioName, create: boolean): Promise<MatchFacts> => {
  const world = await createJobWorld(name);
  try {
    const input: GatherInput = {
      adUser: create ? null : { kind: 'guid', value: world.scenario.adUser.objectGuid },
      cloudUser: world.scenario.cloudUser.id,
      requestId: 'basis-coverage',
    };
    return await gatherMatchFacts({ ...world, clock: manualClock() }, world.settings, input);
  } finally {
    await world.close();
  }
};

/** A succeeded, verified link of `facts`' users: what the undo playbooks' checks are judged on. */
const linkJob = (facts: MatchFacts): Job =>
  succeededJob(buildPlan(facts, runChecks(facts)), {
    verified: linkedTo(facts.cloud.cloudUser.id, facts.immutableId),
  });

beforeAll(async () => {
  for (const name of Object.keys(SCENARIO_DATA) as ScenarioName[])
    scenarios.push({ name, facts: await gather(name, false) });
  // The same cloud user as if it had no AD account: the creation checks (its UPN is taken in AD).
  scenarios.push({ name: 'guide-004 without AD user', facts: await gather('guide-004-simple', true) });
});

afterAll(() => {
  scenarios.length = 0;
});

describe('the plan basis covers every fact a blocking check reads (sandbox scenarios)', () => {
  it('no one-leaf change of any gathered scenario changes a block verdict without changing the basis', () => {
    const base = scenarios.find((s) => s.name === 'guide-004-simple')!.facts;
    const report = basisCoverage(scenarios, linkJob(base));
    expect(scenarios.length).toBe(Object.keys(SCENARIO_DATA).length + 1);
    expect(report.gaps).toEqual([]);
    expect(report.verdictChanges).toBeGreaterThan(100);
  });
});
