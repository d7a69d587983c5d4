import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../core/checks.ts';
import type { MatchFacts } from '../../../core/facts.ts';
import { compensationFor, strandedUnlink } from '../../../core/jobs/compensation.ts';
import type { Job } from '../../../core/jobs/job-types.ts';
import { planHash, type Plan } from '../../../core/plan.ts';
import { buildPlan, undoProposal, undoSubject } from '../../../core/playbooks/index.ts';
import { linkedTo, succeededJob } from '../../fixtures/jobs.ts';
import * as S from '../../fixtures/scenarios.ts';

/** A job for `plan` that ran every step and verified the link. */
const succeeded = (plan: Plan, o: Partial<Job> = {}): Job =>
  succeededJob(plan, { verified: linkedTo(S.CLOUD_JANE_ID, S.JANE_IMMUTABLE_ID), ...o });

const linkJob = (facts: MatchFacts = S.simpleHardMatch()) => succeeded(buildPlan(facts, runChecks(facts)));
/** The undo plan the proposal carries (possible or not). */
const undoPlan = (job: Job, facts: MatchFacts): Plan => undoProposal(job, facts).plan!;
const undoChecks = (job: Job, facts: MatchFacts) => undoProposal(job, facts).checks;

describe('undo of a verified link: the unlink plan', () => {
  it('parks, syncs, confirms the soft-delete, restores, puts back the previous ImmutableID, verifies', () => {
    const job = linkJob();
    const plan = undoPlan(job, S.alreadyLinked());
    expect(plan.playbook).toBe('unlink');
    expect(plan.undoes).toBe(job.id);
    expect(plan.blockedBy).toEqual([]);
    expect(plan.steps.map((s) => s.kind)).toEqual([
      'ad.move-user',
      'relay.delta-sync',
      'cloud.confirm-soft-deleted',
      'cloud.restore-deleted',
      'cloud.set-immutable-id',
      'cloud.verify-unlinked',
    ]);
    const [park, , confirm, restore, set, verify] = plan.steps;
    expect(park).toMatchObject({
      dn: S.JANE_DN,
      fromOuDn: S.STAFF_OU,
      toOuDn: S.PARKING_OU,
      purpose: 'park',
    });
    expect(park?.changes).toMatch(/It stays there/);
    expect(confirm).toMatchObject({ userId: S.CLOUD_JANE_ID });
    expect(restore).toMatchObject({ userId: S.CLOUD_JANE_ID, userPrincipalName: 'jane.doe@contoso.com' });
    expect(restore?.changes).toMatch(/cloud-only with the same object id/);
    expect(set).toMatchObject({ userId: S.CLOUD_JANE_ID, from: S.JANE_IMMUTABLE_ID, to: null });
    expect(set?.undo.kind).toBe('none');
    expect(verify).toMatchObject({
      immutableId: null,
      parkedDn: `CN=Jane Doe,${S.PARKING_OU}`,
    });
    expect(plan.summary).toMatch(
      /stays in OU=HardMatch Parking.*link it again \(hard match\) or create a duplicate/,
    );
  });

  it('is sealed like other plans: hash over the unlink playbook + steps + basis, stable, and bound to the facts', () => {
    const job = linkJob();
    const a = undoPlan(job, S.alreadyLinked());
    expect(a.hash).toBe(planHash('unlink', a.steps, a.basis));
    expect(undoPlan(job, S.alreadyLinked()).hash).toBe(a.hash);
    expect(a.basis.cloudSyncEnabled).toBe(true);
    const otherParking = undoPlan(job, {
      ...S.alreadyLinked(),
      parkingOuDn: 'OU=Elsewhere,DC=corp,DC=example',
    });
    expect(otherParking.hash).not.toBe(a.hash);
    expect(a.hash).not.toBe(job.plan.hash);
  });

  it('puts back the old ImmutableID the cloud user held; no set step when it already held the anchor', () => {
    const held = S.withCloudUser(S.simpleHardMatch(), { onPremisesImmutableId: S.OTHER_IMMUTABLE_ID });
    const plan = undoPlan(succeeded(buildPlan(held, [])), S.alreadyLinked());
    expect(plan.steps.find((s) => s.kind === 'cloud.set-immutable-id')).toMatchObject({
      to: S.OTHER_IMMUTABLE_ID,
    });
    expect(plan.steps.at(-1)).toMatchObject({ immutableId: S.OTHER_IMMUTABLE_ID });
    const same = S.withCloudUser(S.simpleHardMatch(), { onPremisesImmutableId: S.JANE_IMMUTABLE_ID });
    const kinds = undoPlan(succeeded(buildPlan(same, [])), S.alreadyLinked()).steps.map((s) => s.kind);
    expect(kinds).not.toContain('cloud.set-immutable-id');
    expect(kinds.at(-1)).toBe('cloud.verify-unlinked');
  });

  it('warns that the AD account stays parked; blocks without a parking OU, in staging mode, or when the AD user is gone', () => {
    const job = linkJob();
    const checks = undoChecks(job, S.alreadyLinked());
    expect(checks.find((c) => c.id === 'undo.ad-stays-parked')).toMatchObject({ severity: 'warn' });
    expect(checks.filter((c) => c.severity === 'block')).toEqual([]);
    expect(undoPlan(job, { ...S.alreadyLinked(), parkingOuDn: null }).blockedBy).toEqual([
      'config.parking-ou',
    ]);
    expect(
      undoPlan(job, { ...S.alreadyLinked(), scheduler: S.scheduler({ stagingModeEnabled: true }) }).blockedBy,
    ).toEqual(['relay.staging-mode']);
    expect(undoPlan(job, { ...S.alreadyLinked(), adUser: null, immutableId: null }).blockedBy).toEqual([
      'undo.linked',
    ]);
  });

  it('after creating the AD account: judged on the AD user the job created; the summary says it is left parked', () => {
    const facts = S.createAdUser();
    const job = linkJob(facts);
    const created = {
      ...job,
      steps: job.steps.map((s, i) => (i === 0 ? { ...s, output: { objectGuid: S.JANE_GUID } } : s)),
    };
    expect(undoSubject(created).adUser).toEqual({ kind: 'guid', value: S.JANE_GUID });
    const plan = undoPlan(created, S.alreadyLinked());
    expect(plan.steps[0]?.kind).toBe('ad.move-user');
    expect(plan.summary).toMatch(/The bot created jdoe.*left parked/);
    expect(
      undoChecks(created, S.alreadyLinked()).find((c) => c.id === 'undo.ad-stays-parked')?.explanation,
    ).toMatch(/disable or delete it/);
  });

  it('an undo is not undone in turn', () => {
    const unlink = succeeded(undoPlan(linkJob(), S.alreadyLinked()), { verified: null });
    const proposal = undoProposal(unlink, S.alreadyLinked());
    expect(proposal).toMatchObject({ possible: false, plan: null });
    expect(proposal.possible ? '' : proposal.why).toMatch(
      /itself an undo; to link again, ask for the match again/,
    );
  });

  it('a link that sync does not master (any more) is undone the old way, not unlinked', () => {
    const facts = S.withCloudUser(S.alreadyLinked(), { onPremisesSyncEnabled: null });
    const plan = undoPlan(linkJob(), facts);
    expect(plan.playbook).toBe('undo-changes');
    expect(plan.steps.map((s) => s.kind)).toEqual(['cloud.set-immutable-id', 'relay.delta-sync']);
    expect(undoChecks(linkJob(), facts)).toEqual([]);
  });
});

describe('a failing unlink', () => {
  const unlinkJob = (doneUpTo: number, failed: number): Job => {
    const plan = undoPlan(linkJob(), S.alreadyLinked());
    const job = succeeded(plan, { state: 'compensating', verified: null });
    return {
      ...job,
      steps: job.steps.map((s, i) => ({
        ...s,
        status: i <= doneUpTo ? 'done' : i === failed ? 'failed' : 'pending',
      })),
    };
  };

  it('before the soft-delete: the parked AD account is moved back (and synced)', () => {
    const job = unlinkJob(1, 2);
    expect(strandedUnlink(job)).toBeNull();
    expect(compensationFor(job, 2).map((c) => c.action.kind)).toEqual(['ad.move-user', 'relay.delta-sync']);
  });

  it('after the soft-delete, restore failed: nothing is moved back and the message names the deleted user', () => {
    const job = unlinkJob(2, 3);
    expect(compensationFor(job, 3)).toEqual([]);
    expect(strandedUnlink(job)).toMatch(
      new RegExp(
        `soft-deleted in Entra and was NOT restored: .*restores object ${S.CLOUD_JANE_ID}.*stays parked`,
      ),
    );
  });

  it('after the restore: the message says the user is cloud-only and which ImmutableID to set', () => {
    expect(strandedUnlink(unlinkJob(3, 4))).toMatch(/restored as a cloud-only user .* ImmutableID empty/);
  });
});
