/**
 * `hardmatch plan` end to end over real protocols: the scenarios' AD users in Samba (with their
 * objectGUIDs) and their cloud side in the Graph simulator over loopback HTTP.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createScenarioTenant, type ScenarioCloud } from '../../sandbox/graph/scenarios.ts';
import { startGraphSimulator, type GraphSimulator } from '../../sandbox/graph/server.ts';
import type { ScenarioName } from '../../sandbox/scenarios-data.ts';
import { scenarioAdSeed } from '../../sandbox/scenarios-data.ts';
import { captureCli } from '../support/cli.ts';
import { ldapCliEnv } from './dc.ts';
import { seedWithGuids } from './seed.ts';

const dc = inject('samba');
const TOKEN = 'samba-plan-test-token';
let sim: GraphSimulator;
let scenarios: Readonly<Record<ScenarioName, ScenarioCloud>>;

beforeAll(async () => {
  await seedWithGuids(
    { url: dc.ldapUrl, bindDn: dc.bindDn, password: dc.password },
    dc.dcDir,
    scenarioAdSeed(),
  );
  const built = createScenarioTenant({ seed: 7 });
  scenarios = built.scenarios;
  sim = await startGraphSimulator({ tenant: built.tenant, token: TOKEN });
});
afterAll(() => sim.close());

const run = async (argv: string[]) => {
  const { code, out, err } = await captureCli(argv, {
    ...ldapCliEnv(dc),
    GRAPH_BASE_URL: sim.url,
    GRAPH_STATIC_TOKEN: TOKEN,
    GRAPH_MAX_RETRIES: '0',
    HM_PARKING_OU: `OU=NoSync,${dc.baseDn}`,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

interface PlanJson {
  immutableId: string;
  canRequest: boolean;
  plan: { playbook: string | null; steps: { kind: string }[]; blockedBy: string[] };
  checks: { id: string; severity: string }[];
}

// A bounded timeout: a stuck call should fail this file in seconds, not hold the run for minutes.
describe('hardmatch plan against Samba and the Graph simulator', { timeout: 30_000 }, () => {
  it('plans a simple hard match (guide 004) from the AD user Samba holds', async () => {
    const s = scenarios['guide-004-simple'];
    const r = await run([
      'plan',
      '--ad',
      s.adUser.samAccountName,
      '--cloud',
      s.cloudUser.userPrincipalName,
      '--json',
    ]);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out) as PlanJson;
    expect(j.immutableId).toBe(s.immutableId);
    expect(j.plan.playbook).toBe('hard-match');
    expect(j.canRequest).toBe(true);
  });

  it('prints checks and steps for a synced duplicate (guide 000), parking in the configured OU', async () => {
    const s = scenarios['guide-000-synced-duplicate'];
    const r = await run(['plan', '--ad', s.adUser.userPrincipalName, '--cloud', s.cloudUser.id]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`ImmutableID (mS-DS-ConsistencyGuid): ${s.immutableId}`);
    expect(r.out).toMatch(/^Plan: /m);
    expect(r.out).toMatch(/^ {2}1\. /m);
    expect(r.out).toContain('OU=NoSync');
  });

  it('blocks when the cloud user holds an admin role', async () => {
    const s = scenarios['admin-role'];
    const j = JSON.parse(
      (await run(['plan', '--ad', s.adUser.dn, '--cloud', s.cloudUser.id, '--json'])).out,
    ) as PlanJson;
    expect(j.canRequest).toBe(false);
    expect(j.checks.some((c) => c.severity === 'block')).toBe(true);
  });

  it('exits 1 for a missing AD user and 2 without --cloud', async () => {
    const s = scenarios['guide-004-simple'];
    const missing = await run(['plan', '--ad', 'nobody-here', '--cloud', s.cloudUser.id]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('AD.NO_SUCH_OBJECT');
    expect((await run(['plan', '--ad', 'x'])).code).toBe(2);
  });
});
