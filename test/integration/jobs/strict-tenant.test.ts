// link, plan and a job's preflight in the tenant most small organisations have: no Entra ID P2 (PIM
// answers AadPremiumLicenseRequired), the sync features refused app-only as documented, and every strict
// Graph rule on (advanced queries, beta-only properties) - the job world's default simulator.
import { afterEach, describe, expect, it } from 'vitest';
import { assessMatch } from '../../../core/assess.ts';
import { gatherMatchFacts } from '../../../core/gather.ts';
import { HARRY, SAM, harness, type Harness } from './harness.ts';

let h: Harness;
afterEach(() => h.close());

describe('a tenant without P2, strict rules on', () => {
  it('plans, is approved, passes its preflight and runs the hard match to a verified link', async () => {
    h = await harness('guide-004-simple');
    expect(h.world.tenant.hasEntraIdP2).toBe(false);
    const facts = await gatherMatchFacts(
      { onPrem: h.world.onPrem, cloud: h.world.cloud, relay: h.world.relay, clock: h.clock },
      h.world.settings,
      {
        adUser: { kind: 'guid', value: h.world.scenario.adUser.objectGuid },
        cloudUser: h.world.scenario.cloudUser.id,
        requestId: 't',
      },
    );
    expect(facts.cloud.entraIdP2).toBe(false);
    const a = assessMatch(facts);
    const check = (id: string) => a.checks.find((c) => c.id === id);
    expect(check('cloud.privileged-role')).toMatchObject({ severity: 'pass' });
    expect(check('cloud.privileged-role')?.explanation).toContain('none, no P2');
    expect(check('cloud.object-identifier')?.severity).toBe('pass');
    // Refused app-only: unknown, said so, never a pass - but not a reason to refuse the request.
    expect(check('tenant.takeover-block')?.severity).toBe('warn');
    expect(a.canRequest).toBe(true);

    const plan = await h.plan();
    const { request } = await h.requests.create({ requester: HARRY, reason: 'INC-10', plan });
    await h.requests.approve({ requestId: request.id, actor: SAM });
    const result = await h.runner('bot-1').run(request.id);
    expect(result.job).toMatchObject({ state: 'succeeded', failure: null });
    expect(h.world.tenant.getUser(h.world.scenario.cloudUser.id)).toMatchObject({
      onPremisesSyncEnabled: true,
      onPremisesImmutableId: h.world.scenario.immutableId,
    });
  });

  it('an admin without P2: blocked on its active role alone, eligibility read as none', async () => {
    h = await harness('admin-role');
    const plan = await h.plan();
    expect(plan.blockedBy).toEqual(['cloud.privileged-role']);
    expect(plan.basis.privilegedRoleIds).toEqual(['active:62e90394-69f5-4237-9190-012177145e10']);
  });
});
