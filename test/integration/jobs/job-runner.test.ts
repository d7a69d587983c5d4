import { afterEach, describe, expect, it } from 'vitest';
import { gatherMatchFacts } from '../../../core/gather.ts';
import type { Job } from '../../../core/jobs/job-types.ts';
import type { JobEvent } from '../../../core/jobs/runner.ts';
import { undoProposal, undoSubject } from '../../../core/playbooks/index.ts';
import { movedDn } from '../../../core/dn.ts';
import { planHash } from '../../../core/plan.ts';
import { guidToImmutableId } from '../../../core/immutable-id.ts';
import { staleImmutableIdOf } from '../../../sandbox/graph/scenarios.ts';
import { PARKING_OU, SYNCED_OUS } from '../../../sandbox/scenarios-data.ts';
import { HARRY, SAM, harness, type Harness } from './harness.ts';
import { jobDoc, jobOf } from '../../support/jobs.ts';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const approved = async (scenario: Parameters<typeof harness>[0]) => {
  h = await harness(scenario);
  const plan = await h.plan();
  const { request } = await h.requests.create({ requester: HARRY, reason: 'INC-7', plan });
  await h.requests.approve({ requestId: request.id, actor: SAM });
  return { plan, id: request.id };
};

const cloudUser = () => h.world.tenant.getUser(h.world.scenario.cloudUser.id)!;
const adUser = () => h.world.ad.allUsers().find((u) => u.objectGuid === h.world.scenario.adUser.objectGuid)!;
const stepAudits = async () =>
  (await h.storage.audit.recent(1000)).filter((a) => a.action.startsWith('step.'));

describe('job runner: a whole playbook', () => {
  it('runs the synced-duplicate playbook step by step, verifies the link and audits every write', async () => {
    const { plan, id } = await approved('guide-000-synced-duplicate');
    expect(plan.playbook).toBe('synced-duplicate');
    const events: JobEvent[] = [];
    const result = await h.runner('bot-1').run(id, (e) => events.push(e));
    expect(result.claimed).toBe(true);
    expect(result.job).toMatchObject({ state: 'succeeded', failure: null, lease: null });
    expect(result.job?.verified).toEqual({
      cloudUserId: cloudUser().id,
      immutableId: h.world.scenario.immutableId,
      synced: true,
      parkedDn: null,
    });
    // The world: linked, the duplicate gone for good, the AD account back home.
    expect(cloudUser()).toMatchObject({
      onPremisesSyncEnabled: true,
      onPremisesImmutableId: h.world.scenario.immutableId,
    });
    expect(h.world.tenant.getUser(h.world.scenario.others['syncedDuplicate']!.id)).toBeUndefined();
    expect(h.world.tenant.getDeletedUser(h.world.scenario.others['syncedDuplicate']!.id)).toBeUndefined();
    expect(adUser().dn).toBe(h.world.scenario.adUser.dn);
    expect(h.world.adWrites.map((w) => w.to)).toEqual([PARKING_OU, SYNCED_OUS[0]]);
    expect(h.world.cloudWrites().map((w) => w.method)).toEqual(['DELETE', 'PATCH']);
    // Progress for the card: every step started and finished, in order.
    const finished = events.filter((e) => e.type === 'step' && e.phase === 'finished');
    expect(finished.map((e) => (e.type === 'step' ? e.index : -1))).toEqual(plan.steps.map((_, i) => i));
    expect(events.some((e) => e.type === 'waiting-for-sync')).toBe(true);
    // Audit: one entry per step, writes with before/after and Graph's request id.
    const audits = await stepAudits();
    expect(audits).toHaveLength(plan.steps.length);
    const setId = audits.find((a) => a.action === 'step.cloud.set-immutable-id')!;
    expect(setId).toMatchObject({
      before: { onPremisesImmutableId: null },
      after: { onPremisesImmutableId: h.world.scenario.immutableId },
      vendorRequestId: h.world.cloudWrites()[1]!.requestId,
      requestId: id,
    });
  });

  it('creates nothing twice when run again after success', async () => {
    const { id } = await approved('guide-004-simple');
    await h.runner('bot-1').run(id);
    const again = await h.runner('bot-2').run(id);
    expect(again).toMatchObject({ claimed: false, job: { state: 'succeeded' } });
    expect(h.world.cloudWrites()).toHaveLength(1);
  });
});

describe('job runner: create-ad-account (no AD account yet)', () => {
  const newcomer = () =>
    h.world.tenant.createCloudUser({
      userPrincipalName: 'new.person@contoso.com',
      displayName: 'New Person',
      mail: 'new.person@contoso.com',
      proxyAddresses: ['SMTP:new.person@contoso.com'],
    });

  it('creates the AD account, sets its anchor on the cloud user and verifies the link', async () => {
    h = await harness('guide-004-simple');
    const cloud = newcomer();
    const plan = await h.plan({ adUser: null, cloudUser: cloud.id });
    expect(plan.playbook).toBe('create-ad-account');
    const { request } = await h.requests.create({ requester: HARRY, reason: 'new starter', plan });
    await h.requests.approve({ requestId: request.id, actor: SAM });
    const { job } = await h.runner('bot-1').run(request.id);
    expect(job).toMatchObject({ state: 'succeeded' });
    const created = h.world.ad.allUsers().find((u) => u.userPrincipalName === 'new.person@contoso.com')!;
    expect(created).toMatchObject({ enabled: false, dn: `CN=New Person,${SYNCED_OUS[0]}` });
    expect(job?.verified?.immutableId).toBe(guidToImmutableId(created.objectGuid));
    expect(h.world.tenant.getUser(cloud.id)).toMatchObject({
      onPremisesSyncEnabled: true,
      onPremisesImmutableId: guidToImmutableId(created.objectGuid),
    });
    expect(h.world.adWrites.map((w) => w.op)).toEqual(['createUser']);
  });

  const approvedNewcomer = async () => {
    h = await harness('guide-004-simple');
    const cloud = newcomer();
    const plan = await h.plan({ adUser: null, cloudUser: cloud.id });
    const { request } = await h.requests.create({ requester: HARRY, reason: 'new starter', plan });
    await h.requests.approve({ requestId: request.id, actor: SAM });
    return request.id;
  };
  const someoneElse = () =>
    h.world.ad.addUser({
      dn: `CN=Someone Else,${SYNCED_OUS[0]}`,
      samAccountName: 'someone',
      userPrincipalName: 'new.person@contoso.com',
    });

  it('refuses before any write when someone else created an account with that UPN after the approval', async () => {
    const id = await approvedNewcomer();
    someoneElse();
    const { job } = await h.runner('bot-1').run(id);
    // Preflight re-runs the blocking checks on fresh facts: the collision blocks the plan now.
    expect(job).toMatchObject({
      state: 'stale',
      failure: { code: 'LINK.STALE_PLAN', stepIndex: null, details: { blockedBy: ['create.collision'] } },
    });
    expect(job?.failure?.message).toMatch(/These checks now block it: .*\(create\.collision\)/);
    expect(h.world.adWrites).toEqual([]);
    expect(h.world.cloudWrites()).toEqual([]);
  });

  it('refuses to adopt an account someone else created with that UPN after the preflight', async () => {
    const id = await approvedNewcomer();
    const { job } = await h.runner('bot-1').run(id, (e) => {
      if (e.type === 'step' && e.index === 0 && e.phase === 'started') someoneElse();
    });
    expect(job).toMatchObject({ state: 'compensated', failure: { code: 'AD.ALREADY_EXISTS', stepIndex: 0 } });
    expect(h.world.adWrites).toEqual([]);
    expect(h.world.cloudWrites()).toEqual([]);
  });
});

describe('job runner: exactly once', () => {
  it('two runners racing for the same approved request: one runs it, the other does nothing', async () => {
    const { id } = await approved('guide-000-synced-duplicate');
    const [a, b] = await Promise.all([h.runner('bot-1').run(id), h.runner('bot-2').run(id)]);
    expect([a.claimed, b.claimed].filter(Boolean)).toHaveLength(1);
    expect(h.world.adWrites).toHaveLength(2);
    expect(h.world.cloudWrites()).toHaveLength(2);
    expect((await jobOf(h.storage.store, id))?.state).toBe('succeeded');
    expect((await h.storage.audit.recent(1000)).filter((x) => x.action === 'job.succeeded')).toHaveLength(1);
  });

  it('resumeJobs on two instances at start-up runs each job once', async () => {
    const { id } = await approved('guide-004-simple');
    const results = await Promise.all([h.runner('bot-1').resumeJobs(), h.runner('bot-2').resumeJobs()]);
    expect(results.flat().filter((r) => r.claimed)).toHaveLength(1);
    expect(h.world.cloudWrites()).toHaveLength(1);
    expect((await jobOf(h.storage.store, id))?.state).toBe('succeeded');
  });

  it('queues and runs the job of an approved request whose job was never written (crash after approval)', async () => {
    const { id } = await approved('guide-004-simple');
    await h.storage.store.delete(`jobs/${id}`);
    const [result] = await h.runner('bot-1').resumeJobs();
    expect(result?.job?.state).toBe('succeeded');
  });

  it('leaves a job alone while another runner holds a current lease', async () => {
    const { id } = await approved('guide-004-simple');
    const doc = (await jobDoc(h.storage.store, id))!;
    const lease = { owner: 'bot-9', expiresAt: new Date(h.clock.now().getTime() + 60_000).toISOString() };
    await h.storage.store.put(`jobs/${id}`, { ...doc.value, lease }, doc.etag);
    expect((await h.runner('bot-1').run(id)).claimed).toBe(false);
    h.clock.advance(60_001);
    expect((await h.runner('bot-1').run(id)).job?.state).toBe('succeeded');
  });
});

describe('job runner: outages', () => {
  it('leaves a job queued and released when the relay is down before the first step; resume goes on to the next', async () => {
    const { plan, id } = await approved('guide-004-simple');
    const second = await h.requests.create({ requester: HARRY, reason: 'INC-8', plan });
    await h.requests.approve({ requestId: second.request.id, actor: SAM });
    await h.world.stopRelay();
    const results = await h.runner('bot-1').resumeJobs();
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r).toMatchObject({
        claimed: false,
        job: { state: 'queued', lease: null },
        error: { code: 'RELAY.UNAVAILABLE' },
      });
    }
    expect(results.map((r) => r.job?.id).sort()).toEqual([id, second.request.id].sort());
    expect(h.world.cloudWrites()).toEqual([]);
  });
});

describe('job runner: the lease', () => {
  it('is renewed during a long sync, so another instance does not take over a live job', async () => {
    const { id } = await approved('guide-004-simple');
    h.world.sim.setCycleMs(900);
    const realClock = { now: () => new Date() };
    const first = h.runner('bot-1', { clock: realClock, leaseMs: 240 }).run(id);
    await new Promise((r) => setTimeout(r, 600));
    const second = await h.runner('bot-2', { clock: realClock, leaseMs: 240 }).run(id);
    expect(second.claimed).toBe(false);
    expect((await first).job?.state).toBe('succeeded');
    expect(h.world.cloudWrites()).toHaveLength(1);
  });
});

describe('job runner: the approval binds to the plan', () => {
  it('stops with LINK.STALE_PLAN before any write when the facts changed since approval', async () => {
    const { id } = await approved('guide-004-simple');
    // Someone moved the AD account meanwhile.
    await h.world.ad.moveUser(h.world.scenario.adUser.dn, PARKING_OU);
    const result = await h.runner('bot-1').run(id);
    expect(result.job).toMatchObject({ state: 'stale', failure: { code: 'LINK.STALE_PLAN' } });
    expect(result.job?.failure?.details['changed']).toEqual(
      expect.arrayContaining(['AD user location (DN)']),
    );
    expect(h.world.cloudWrites()).toEqual([]);
    expect(result.job?.steps.every((s) => s.status === 'pending')).toBe(true);
    expect(
      (await h.storage.audit.recent(10)).some((a) => a.action === 'job.stale' && a.outcome === 'refused'),
    ).toBe(true);
  });

  it('refuses a plan of a playbook this version does not know (its blockers are unknown)', async () => {
    h = await harness('guide-004-simple');
    const known = await h.plan();
    const plan = {
      ...known,
      playbook: 'retired-playbook',
      hash: planHash('retired-playbook', known.steps, known.basis),
    };
    const { request } = await h.requests.create({ requester: HARRY, reason: 'old', plan });
    await h.requests.approve({ requestId: request.id, actor: SAM });
    const result = await h.runner('bot-1').run(request.id);
    expect(result.job).toMatchObject({
      state: 'stale',
      failure: { details: { changed: ['the playbook (retired-playbook is not known)'] } },
    });
    expect(h.world.cloudWrites()).toEqual([]);
  });

  it('does not run a job whose request was superseded before it started', async () => {
    const { plan, id } = await approved('guide-004-simple');
    await h.requests.requestAgain(id, { requester: HARRY, plan });
    const result = await h.runner('bot-1').run(id);
    expect(result.job?.state).toBe('stale');
    expect(h.world.cloudWrites()).toEqual([]);
  });
});

describe('job runner: compensation', () => {
  it('when the world moves mid-run, undoes what was done: the parked AD account always goes back', async () => {
    const { id } = await approved('guide-000-synced-duplicate');
    const duplicateId = h.world.scenario.others['syncedDuplicate']!.id;
    // Between the sync and the permanent delete an admin restores the duplicate from the recycle bin.
    const result = await h.runner('bot-1').run(id, (e) => {
      if (e.type === 'step' && e.kind === 'cloud.hard-delete' && e.phase === 'started')
        h.world.tenant.restoreUser(duplicateId);
    });
    expect(result.job).toMatchObject({ state: 'compensated', failure: { code: 'JOB.FAILED', stepIndex: 3 } });
    expect(adUser().dn).toBe(h.world.scenario.adUser.dn);
    expect(h.world.adWrites.map((w) => w.to)).toEqual([PARKING_OU, SYNCED_OUS[0]]);
    expect(h.world.cloudWrites()).toEqual([]);
    expect(result.job?.compensation.map((c) => c.action.kind)).toEqual(['ad.move-user', 'relay.delta-sync']);
    expect(cloudUser().onPremisesImmutableId).toBeNull();
    const undo = (await h.storage.audit.recent(100)).filter((a) => a.action.startsWith('undo.'));
    expect(undo.map((a) => a.action)).toEqual(['undo.relay.delta-sync', 'undo.ad.move-user']);
  });

  it('puts back the previous ImmutableID when the sync step cannot run', async () => {
    const { id } = await approved('guide-004-simple');
    h.world.sim.setStagingMode(false);
    const result = await h.runner('bot-1').run(id, (e) => {
      if (e.type === 'step' && e.kind === 'relay.delta-sync' && e.phase === 'started')
        h.world.sim.setStagingMode(true);
    });
    expect(result.job).toMatchObject({
      state: 'compensated',
      failure: { code: 'RELAY.STAGING_MODE', stepIndex: 1 },
    });
    expect(h.world.cloudWrites().map((w) => w.method)).toEqual(['PATCH', 'PATCH']);
    // guide 004: the cloud user carried an old forest's ImmutableID before; that is what comes back.
    const previous = staleImmutableIdOf(h.world.scenario.adUser);
    const undo = (await h.storage.audit.recent(100)).find((a) => a.action === 'undo.cloud.set-immutable-id');
    expect(undo).toMatchObject({
      before: { onPremisesImmutableId: h.world.scenario.immutableId },
      after: { onPremisesImmutableId: previous },
    });
    expect(cloudUser()).toMatchObject({ onPremisesImmutableId: previous, onPremisesSyncEnabled: null });
  });
});

const undoFacts = (job: Job) =>
  gatherMatchFacts(
    { onPrem: h.world.onPrem, cloud: h.world.cloud, relay: h.world.relay, clock: h.clock },
    h.world.settings,
    { ...undoSubject(job), requestId: 'undo' },
  );

/** Link guide-004 through an approved job, then request and approve its undo; returns the undo's ids. */
const linkedThenUndoApproved = async () => {
  const { id } = await approved('guide-004-simple');
  const { job } = await h.runner('bot-1').run(id);
  expect(job?.state).toBe('succeeded');
  const undo = undoProposal(job!, await undoFacts(job!)).plan!;
  const { request } = await h.requests.create({ requester: HARRY, reason: 'undo', plan: undo });
  await h.requests.approve({ requestId: request.id, actor: SAM });
  return { link: job!, undo, undoId: request.id };
};

describe('undo of a finished job: unlink through the recycle bin', () => {
  it('link, then unlink: cloud-only again with the previous ImmutableID, same object id, AD account parked', async () => {
    const { link, undo, undoId } = await linkedThenUndoApproved();
    const before = cloudUser();
    expect(before.onPremisesSyncEnabled).toBe(true);
    expect(undo.playbook).toBe('unlink');
    expect(undo.blockedBy).toEqual([]);
    expect(undo.steps.map((s) => s.kind)).toEqual([
      'ad.move-user',
      'relay.delta-sync',
      'cloud.confirm-soft-deleted',
      'cloud.restore-deleted',
      'cloud.set-immutable-id',
      'cloud.verify-unlinked',
    ]);
    const writesBefore = h.world.cloudWrites().length;
    const result = await h.runner('bot-2').run(undoId);
    expect(result.job).toMatchObject({ state: 'succeeded', failure: null });
    // The end state: the same cloud object, active, cloud-only, holding what it held before the link.
    expect(link.plan.basis.cloudImmutableId).toBe(staleImmutableIdOf(h.world.scenario.adUser));
    expect(cloudUser()).toMatchObject({
      id: before.id,
      userPrincipalName: before.userPrincipalName,
      mail: before.mail,
      onPremisesSyncEnabled: false,
      onPremisesImmutableId: link.plan.basis.cloudImmutableId,
      deletedDateTime: null,
    });
    expect(h.world.tenant.getDeletedUser(before.id)).toBeUndefined();
    expect(adUser().dn).toBe(movedDn(h.world.scenario.adUser.dn, PARKING_OU));
    const writes = h.world.cloudWrites().slice(writesBefore);
    expect(writes.map((w) => `${w.method} ${w.path}`)).toEqual([
      `POST /v1.0/directory/deletedItems/${before.id}/restore`,
      `PATCH /v1.0/users/${before.id}`,
    ]);
    // Audited with before / after and Graph's request id.
    const audits = await h.storage.audit.recent(1000);
    expect(
      audits.find((a) => a.requestId === undoId && a.action === 'step.cloud.restore-deleted'),
    ).toMatchObject({
      before: { deleted: true, onPremisesImmutableId: link.verified!.immutableId },
      after: { deleted: false, id: before.id, onPremisesSyncEnabled: false },
      vendorRequestId: writes[0]!.requestId,
    });
    expect(audits.find((a) => a.requestId === undoId && a.action === 'job.succeeded')).toMatchObject({
      message: expect.stringMatching(/^Done - verified: .* is unlinked \(cloud-only again\)/),
      after: { cloudUserId: before.id, immutableId: link.plan.basis.cloudImmutableId, synced: false },
    });
    // A later sync leaves it alone: the AD account is out of scope and the anchors differ.
    await h.world.relay.startDeltaSync('later');
    await h.world.relay.waitUntilIdle('later', 10_000);
    expect(cloudUser()).toMatchObject({ id: before.id, onPremisesSyncEnabled: false });
  });

  it('an approved unlink whose own checks block it now is refused before any write, naming the check', async () => {
    const { undoId } = await linkedThenUndoApproved();
    const writesBefore = h.world.cloudWrites().length;
    // The parking OU was unconfigured after the approval: the unlink's check blocks on the fresh facts.
    const settings = { ...h.world.settings, parkingOuDn: null };
    const result = await h.runner('bot-2', { settings }).run(undoId);
    expect(result.job).toMatchObject({
      state: 'stale',
      failure: { code: 'LINK.STALE_PLAN', stepIndex: null, details: { blockedBy: ['config.parking-ou'] } },
    });
    expect(result.job?.failure?.message).toMatch(
      /These checks now block it: No parking OU configured \(config\.parking-ou\)\. Nothing was done/,
    );
    expect(result.job?.steps.every((st) => st.status === 'pending')).toBe(true);
    expect(h.world.cloudWrites()).toHaveLength(writesBefore);
    expect(adUser().dn).toBe(h.world.scenario.adUser.dn);
    const audit = (await h.storage.audit.recent(100)).find(
      (a) => a.requestId === undoId && a.action === 'job.stale',
    );
    expect(audit).toMatchObject({ outcome: 'refused', after: { blockedBy: ['config.parking-ou'] } });
    expect(audit?.message).toMatch(/config\.parking-ou/);
  });

  it('the restore fails (UPN taken meanwhile): needs attention, naming the deleted user; the AD account stays parked', async () => {
    const { undo, undoId } = await linkedThenUndoApproved();
    const user = cloudUser();
    const confirmAt = undo.steps.findIndex((s) => s.kind === 'cloud.confirm-soft-deleted');
    const result = await h.runner('bot-2').run(undoId, (e) => {
      if (e.type === 'step' && e.index === confirmAt && e.phase === 'finished')
        h.world.tenant.createCloudUser({ userPrincipalName: user.userPrincipalName });
    });
    expect(result.job).toMatchObject({
      state: 'needs-attention',
      compensation: [],
      failure: { code: 'CLOUD.RESTORE_CONFLICT', details: { deletedUserId: user.id } },
    });
    expect(result.job?.failure?.message).toMatch(new RegExp(`NOT restored.*restores object ${user.id}`));
    expect(h.world.tenant.getDeletedUser(user.id)).toBeDefined();
    expect(adUser().dn).toBe(movedDn(h.world.scenario.adUser.dn, PARKING_OU));
    const audit = (await h.storage.audit.recent(100)).find((a) => a.action === 'job.needs-attention');
    expect(audit?.message).toMatch(/Nothing was undone automatically/);
  });
});
