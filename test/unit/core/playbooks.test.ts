// The playbook registry and its entry points: which playbook the automatic choice takes (registry order),
// what each builds, how a finished job of each reads, and how (whether) it is undone.
import { describe, expect, it } from 'vitest';
import { assessMatch, assessPlaybook } from '../../../core/assess.ts';
import { runChecks } from '../../../core/checks.ts';
import type { MatchFacts } from '../../../core/facts.ts';
import type { Job, JobState } from '../../../core/jobs/job-types.ts';
import { planHash, type Plan } from '../../../core/plan.ts';
import {
  blockingChecksNow,
  buildPlan,
  choosePlaybook,
  jobOutcome,
  planLabel,
  undoProposal,
} from '../../../core/playbooks/index.ts';
import { PLAYBOOKS } from '../../../core/playbooks/registry.ts';
import { linkedTo, succeededJob } from '../../fixtures/jobs.ts';
import * as S from '../../fixtures/scenarios.ts';

const plan = (facts: MatchFacts): Plan => buildPlan(facts, runChecks(facts));
const JANE = 'jane.doe@contoso.com';
const JANE_LINKED = linkedTo(S.CLOUD_JANE_ID, S.JANE_IMMUTABLE_ID);
/** A succeeded link of `facts` whose verify step confirmed Jane's anchor. */
const linkJob = (facts: MatchFacts = S.simpleHardMatch()): Job =>
  succeededJob(plan(facts), { verified: JANE_LINKED });
const clearFacts = () =>
  S.withCloudUser(S.simpleHardMatch(), { onPremisesImmutableId: S.OTHER_IMMUTABLE_ID });
const unlinkPlan = () => undoProposal(linkJob(), S.alreadyLinked()).plan!;
const notLinkedAnyMore = () => S.withCloudUser(S.alreadyLinked(), { onPremisesSyncEnabled: null });

describe('the registry', () => {
  it('lists each playbook once, by a kebab-case name, with a title and a label', () => {
    const names = PLAYBOOKS.map((p) => p.name);
    expect(names).toEqual([
      'create-ad-account',
      'synced-duplicate',
      'deleted-holder',
      'hard-match',
      'clear-immutable-id',
      'undo-changes',
      'unlink',
    ]);
    expect(new Set(names).size).toBe(names.length);
    for (const p of PLAYBOOKS) {
      expect(p.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(p.title.length).toBeGreaterThan(3);
      expect(p.label.length).toBeGreaterThan(3);
    }
  });

  it('clearing the ImmutableID and the two undos are never chosen automatically', () => {
    expect(PLAYBOOKS.filter((p) => p.appliesTo === undefined).map((p) => p.name)).toEqual([
      'clear-immutable-id',
      'undo-changes',
      'unlink',
    ]);
    const chosen = [S.simpleHardMatch, S.syncedDuplicate, S.deletedHolder, S.createAdUser, clearFacts].map(
      (make) => choosePlaybook(make())?.name,
    );
    expect(chosen).not.toContain('clear-immutable-id');
  });
});

describe('the automatic choice: the first playbook in registry order that applies', () => {
  const applying = (facts: MatchFacts) =>
    PLAYBOOKS.filter((p) => p.appliesTo?.(facts) === true).map((p) => p.name);

  it.each<[string, () => MatchFacts, string | null, string[]]>([
    ['a plain hard match', S.simpleHardMatch, 'hard-match', ['hard-match']],
    ['a synced duplicate', S.syncedDuplicate, 'synced-duplicate', ['synced-duplicate', 'hard-match']],
    ['a deleted holder', S.deletedHolder, 'deleted-holder', ['deleted-holder', 'hard-match']],
    [
      'a synced duplicate and a deleted holder at once',
      () =>
        S.simpleHardMatch({
          cloud: S.context({
            holders: { active: [S.syncedDuplicateUser()], deleted: [S.deletedHolderUser()] },
          }),
        }),
      'synced-duplicate',
      ['synced-duplicate', 'deleted-holder', 'hard-match'],
    ],
    [
      'no AD account, whatever else holds the anchor',
      () =>
        S.createAdUser({ cloud: S.context({ holders: { active: [], deleted: [S.deletedHolderUser()] } }) }),
      'create-ad-account',
      ['create-ad-account'],
    ],
    ['already linked: none applies', S.alreadyLinked, null, []],
    [
      'blocked facts still choose (the plan is blocked, not another)',
      S.adminRole,
      'hard-match',
      ['hard-match'],
    ],
  ])('%s', (_n, make, chosen, applies) => {
    expect(applying(make())).toEqual(applies);
    expect(choosePlaybook(make())?.name ?? null).toBe(chosen);
    expect(assessMatch(make()).plan.playbook).toBe(chosen);
  });
});

describe('building a plan', () => {
  it.each([S.simpleHardMatch, S.syncedDuplicate, S.deletedHolder, S.createAdUser])(
    'the automatic plan carries its playbook name and title, a hash over name + steps + basis, and no undone job (%#)',
    (make) => {
      const p = plan(make());
      const playbook = PLAYBOOKS.find((x) => x.name === p.playbook)!;
      expect(p.title).toBe(playbook.title);
      expect(p.hash).toBe(planHash(playbook.name, p.steps, p.basis));
      expect(p.undoes).toBeNull();
      expect(p.steps.length).toBeGreaterThan(0);
    },
  );

  it('nothing to do: no playbook, no steps, its own title', () => {
    expect(plan(S.alreadyLinked())).toMatchObject({
      playbook: null,
      title: 'Already linked: nothing to do',
      steps: [],
    });
  });

  it('a playbook by name: clear-immutable-id; an unknown name or an undo is refused with INPUT.INVALID', () => {
    expect(assessPlaybook('clear-immutable-id', clearFacts()).plan).toMatchObject({
      playbook: 'clear-immutable-id',
      undoes: null,
    });
    expect(() => assessPlaybook('playbook-7', clearFacts())).toThrow(
      expect.objectContaining({
        code: 'INPUT.INVALID',
        message: expect.stringMatching(/Known: create-ad-account/),
      }),
    );
    expect(() => assessPlaybook('unlink', S.alreadyLinked())).toThrow(
      expect.objectContaining({ code: 'INPUT.INVALID' }),
    );
  });

  it('no playbook number in any text a person reads', () => {
    const plans = [
      ...[S.simpleHardMatch, S.federatedUpn, S.syncedDuplicate, S.deletedHolder, S.createAdUser].map((m) =>
        plan(m()),
      ),
      assessPlaybook(
        'clear-immutable-id',
        S.withCloudUser(S.federatedUpn(), { onPremisesImmutableId: S.OTHER_IMMUTABLE_ID }),
      ).plan,
      unlinkPlan(),
      undoProposal(linkJob(), notLinkedAnyMore()).plan!,
    ];
    const texts = plans.flatMap((p) => [
      p.title,
      p.summary,
      ...p.steps.flatMap((s) => [
        s.changes,
        s.precondition,
        s.undo.kind === 'step' ? s.undo.changes : s.undo.why,
      ]),
    ]);
    const checks = [S.activeCloudOnlyHolder(), S.deletedHolder(), S.createAdUser()].flatMap((f) =>
      runChecks(f).map((c) => c.explanation),
    );
    for (const t of [...texts, ...checks]) expect(t).not.toMatch(/playbook\s*\d/i);
  });
});

describe('the outcome of a finished job', () => {
  const inState = (state: JobState, message = 'The relay did not answer.'): Job => ({
    ...linkJob(),
    state,
    verified: null,
    failure: { code: 'JOB.FAILED', message, stepIndex: 1, details: {} },
  });

  it('a linking playbook: verified linked, with the anchor; it can be undone', () => {
    for (const make of [S.simpleHardMatch, S.syncedDuplicate, S.deletedHolder, S.createAdUser])
      expect(jobOutcome(linkJob(make()))).toEqual({
        status: 'Done - verified: linked',
        detail: `${JANE} is synced with ImmutableID ${S.JANE_IMMUTABLE_ID}.`,
        sentence: `Done - verified: ${JANE} is linked.`,
        undoable: true,
      });
  });

  it('the unlink: verified cloud-only, where the AD account stays; an undo is not undone', () => {
    const parked = `CN=Jane Doe,${S.PARKING_OU}`;
    const job = succeededJob(unlinkPlan(), {
      verified: { cloudUserId: S.CLOUD_JANE_ID, immutableId: null, synced: false, parkedDn: parked },
    });
    expect(jobOutcome(job)).toEqual({
      status: 'Done - verified: unlinked',
      detail: `${JANE} is cloud-only again (same object) with ImmutableID empty. The AD account stays at ${parked}: moving it back into the sync scope would link it again.`,
      sentence: `Done - verified: ${JANE} is unlinked (cloud-only again). The AD account stays at ${parked}.`,
      undoable: false,
    });
  });

  it('clearing and reversing verify nothing in particular: done, with the plan title', () => {
    const cleared = succeededJob(assessPlaybook('clear-immutable-id', clearFacts()).plan);
    expect(jobOutcome(cleared)).toEqual({
      status: 'Done: all steps completed',
      detail: '',
      sentence: `Done: Clear the ImmutableID for ${JANE}.`,
      undoable: true,
    });
    const reversed = succeededJob(undoProposal(linkJob(), notLinkedAnyMore()).plan!);
    expect(jobOutcome(reversed)).toMatchObject({
      sentence: `Done: Undo of Hard match for ${JANE}.`,
      undoable: false,
    });
  });

  it('a job that verified nothing or ended otherwise reads the same for every playbook', () => {
    expect(jobOutcome(succeededJob(plan(S.simpleHardMatch())))).toMatchObject({
      status: 'Done: all steps completed',
      sentence: `Done: Hard match for ${JANE}.`,
    });
    expect(jobOutcome(inState('stale')).sentence).toBe(
      `Stopped before any change: the facts changed for ${JANE}. Ask for approval again.`,
    );
    expect(jobOutcome(inState('compensated')).sentence).toBe(
      `Failed for ${JANE}: The relay did not answer. Completed steps were undone.`,
    );
    expect(jobOutcome(inState('needs-attention'))).toEqual({
      status: 'Failed - an administrator must check',
      detail: 'The relay did not answer.',
      sentence: `Failed for ${JANE}: The relay did not answer. An administrator must check.`,
      undoable: false,
    });
  });

  it('the approval card heading comes from the playbook', () => {
    expect(planLabel(plan(S.simpleHardMatch()))).toBe('Match');
    expect(planLabel(plan(S.alreadyLinked()))).toBe('Match');
    expect(planLabel(unlinkPlan())).toBe('Undo');
    expect(planLabel(undoProposal(linkJob(), notLinkedAnyMore()).plan!)).toBe('Undo');
  });
});

describe('the undo proposal of a succeeded job', () => {
  it.each([S.simpleHardMatch, S.syncedDuplicate, S.deletedHolder, S.createAdUser])(
    'a linking playbook: the unlink while sync masters the link, else the reversal (%#)',
    (make) => {
      const job = linkJob(make());
      const now = undoProposal(job, S.alreadyLinked());
      expect(now).toMatchObject({ possible: true, plan: { playbook: 'unlink', undoes: job.id } });
      expect(now.checks.map((c) => c.id)).toContain('undo.ad-stays-parked');
      const later = undoProposal(job, notLinkedAnyMore());
      expect(later.plan).toMatchObject({ playbook: 'undo-changes', undoes: job.id });
    },
  );

  it('clear-immutable-id: the reversal puts the old ImmutableID back', () => {
    const job = succeededJob(assessPlaybook('clear-immutable-id', clearFacts()).plan);
    const p = undoProposal(job, S.simpleHardMatch());
    expect(p).toMatchObject({
      possible: true,
      plan: { playbook: 'undo-changes', title: 'Undo of Clear the ImmutableID' },
    });
    expect(p.plan?.steps[0]).toMatchObject({
      kind: 'cloud.set-immutable-id',
      from: null,
      to: S.OTHER_IMMUTABLE_ID,
    });
  });

  it('a reversal that would change a cloud user sync now masters is blocked by that check, and says why', () => {
    const job = succeededJob(assessPlaybook('clear-immutable-id', clearFacts()).plan);
    const synced = S.withCloudUser(S.simpleHardMatch(), { onPremisesSyncEnabled: true });
    const p = undoProposal(job, synced);
    expect(p.possible).toBe(false);
    expect(p.plan?.blockedBy).toEqual(['cloud.already-synced']);
    expect(p.checks.map((c) => [c.id, c.severity])).toEqual([['cloud.already-synced', 'block']]);
    expect(p.possible ? '' : p.why).toMatch(
      /now synced from AD, so its ImmutableID can no longer be changed/,
    );
  });

  it('an undo (either kind) has no undo itself; a job that did not succeed cannot be undone', () => {
    for (const undo of [unlinkPlan(), undoProposal(linkJob(), notLinkedAnyMore()).plan!]) {
      const p = undoProposal(succeededJob(undo), S.alreadyLinked());
      expect(p).toMatchObject({ possible: false, plan: null, checks: [] });
      expect(jobOutcome(succeededJob(undo)).undoable).toBe(false);
    }
    expect(() => undoProposal({ ...linkJob(), state: 'compensated' }, S.alreadyLinked())).toThrow(
      expect.objectContaining({ code: 'INPUT.INVALID' }),
    );
  });
});

describe('the checks preflight re-runs (blockingChecksNow)', () => {
  it('each playbook is blocked only by its own blockers: clearing ignores the hard-match blockers', () => {
    const facts = S.withCloud(clearFacts(), { roles: [S.GLOBAL_ADMIN] });
    const undoing = null;
    expect(blockingChecksNow(plan(facts), { facts, undoing }).map((c) => c.id)).toEqual([
      'cloud.privileged-role',
    ]);
    const clear = assessPlaybook('clear-immutable-id', facts).plan;
    expect(blockingChecksNow(clear, { facts, undoing })).toEqual([]);
    const guest = S.withCloudUser(facts, { userPrincipalName: 'jane_x.com#EXT#@contoso.onmicrosoft.com' });
    expect(blockingChecksNow(clear, { facts: guest, undoing }).map((c) => c.id)).toEqual(['cloud.guest']);
  });

  it('an undo is re-checked against the job it reverses', () => {
    const job = linkJob();
    const unlink = unlinkPlan();
    expect(blockingChecksNow(unlink, { facts: S.alreadyLinked(), undoing: job })).toEqual([]);
    const gone = { ...S.alreadyLinked(), adUser: null, immutableId: null };
    expect(blockingChecksNow(unlink, { facts: gone, undoing: job }).map((c) => c.id)).toEqual([
      'undo.linked',
    ]);
  });
});
