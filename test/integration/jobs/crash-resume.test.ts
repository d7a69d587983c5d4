/**
 * Crash at any point loses nothing and repeats no write: for every step k of the synced-duplicate playbook (the longest:
 * park, sync, confirm, permanent delete, set ImmutableID, return, sync, verify) and every journal point
 * (started, checked, acted-but-not-journaled, finished), a child process runs the job and SIGKILLs itself
 * there; a new runner on the same SQLite file resumes; the directories end linked and every write was
 * made exactly once (counted at the simulators and in the audit log). Then the same while compensating
 * a failed step: the undo resumes from its own journal and is not repeated either.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../core/errors.ts';
import { type Job, type StepStatus } from '../../../core/jobs/job-types.ts';
import type { OnPremDirectory } from '../../../core/ports.ts';
import { movedDn } from '../../../core/dn.ts';
import { gatherMatchFacts } from '../../../core/gather.ts';
import { undoProposal, undoSubject } from '../../../core/playbooks/index.ts';
import { PARKING_OU, SYNCED_OUS } from '../../../sandbox/scenarios-data.ts';
import { HARRY, SAM, harness, type Harness } from './harness.ts';
import { serveDirectory } from './port-rpc.ts';
import { jobOf } from '../../support/jobs.ts';

const dir = mkdtempSync(join(tmpdir(), 'hm-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CHILD = resolve(import.meta.dirname, 'crash-child.ts');
const LEASE_MS = 400;

const STEPS = [
  'ad.move-user',
  'relay.delta-sync',
  'cloud.confirm-soft-deleted',
  'cloud.hard-delete',
  'cloud.set-immutable-id',
  'ad.move-user',
  'relay.delta-sync',
  'cloud.verify-link',
] as const;
const WRITES = new Set([
  'ad.move-user',
  'cloud.hard-delete',
  'cloud.set-immutable-id',
  'ad.create-user',
  'cloud.restore-deleted',
]);
type Phase = 'started' | 'checked' | 'acted' | 'finished';

// Where the journal must stand after the crash: the proof that the kill happened where we meant.
const journaledAs = (kind: string, phase: Phase): StepStatus =>
  phase === 'finished' ? 'done' : phase === 'started' || !WRITES.has(kind) ? 'started' : 'checked';

const cases = STEPS.flatMap((kind, k) =>
  (WRITES.has(kind)
    ? (['started', 'checked', 'acted', 'finished'] as const)
    : (['started', 'acted', 'finished'] as const)
  ).map((phase) => ({ k, kind, phase })),
);

const runChild = (
  args: string[],
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> =>
  new Promise((ok) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // A child that never reaches its crash point must not hang the suite.
    const guard = setTimeout(() => child.kill('SIGTERM'), 30_000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      ok({ code, signal, stderr });
    });
  });

/**
 * Run request `requestId`'s job in a child process that SIGKILLs itself at `killPoint` ("k:phase" or
 * "undo:position:phase"); returns the job as the dead instance left it in the SQLite file.
 */
const crashAt = async (
  h: Harness,
  file: string,
  directoryUrl: string,
  requestId: string,
  killPoint: string,
): Promise<Job> => {
  const exit = await runChild([
    file,
    directoryUrl,
    JSON.stringify(h.world.endpoints),
    requestId,
    killPoint,
    String(LEASE_MS),
    JSON.stringify(h.world.settings),
  ]);
  expect(exit.signal, exit.stderr).toBe('SIGKILL');
  return (await jobOf(h.storage.store, requestId))!;
};

/** A fresh instance starts after the dead one's lease ran out and resumes what it finds. */
const resumeAfterLease = (h: Harness) => {
  h.clock.advance(60_000);
  return h.runner('restarted-instance').resumeJobs();
};

describe('crash and resume: synced duplicate, every step, every journal point', () => {
  it('covers every step of the plan', async () => {
    const h = await harness('guide-000-synced-duplicate');
    expect((await h.plan()).steps.map((s) => s.kind)).toEqual([...STEPS]);
    await h.close();
  });

  it.concurrent.each(cases)('killed at step $k ($kind) $phase', async ({ k, kind, phase }) => {
    const file = join(dir, `job-${k}-${phase}.sqlite`);
    const h = await harness('guide-000-synced-duplicate', file);
    const server = await serveDirectory(h.world.onPrem);
    try {
      const plan = await h.plan();
      const { request } = await h.requests.create({ requester: HARRY, reason: 'crash test', plan });
      await h.requests.approve({ requestId: request.id, actor: SAM });

      const crashed = await crashAt(h, file, server.url, request.id, `${k}:${phase}`);
      expect(crashed.state).toBe('running');
      expect(crashed.lease?.owner).toBe('doomed-instance');
      expect(crashed.steps[k]!.status).toBe(journaledAs(kind, phase));

      const resumed = await resumeAfterLease(h);
      expect(resumed).toHaveLength(1);
      expect(resumed[0]!.job).toMatchObject({ state: 'succeeded', failure: null });

      const cloudUser = h.world.tenant.getUser(h.world.scenario.cloudUser.id)!;
      expect(cloudUser).toMatchObject({
        onPremisesSyncEnabled: true,
        onPremisesImmutableId: h.world.scenario.immutableId,
      });
      const duplicate = h.world.scenario.others['syncedDuplicate']!.id;
      expect(h.world.tenant.getUser(duplicate) ?? h.world.tenant.getDeletedUser(duplicate)).toBeUndefined();
      const ad = h.world.ad.allUsers().find((u) => u.objectGuid === h.world.scenario.adUser.objectGuid)!;
      expect(ad.dn).toBe(h.world.scenario.adUser.dn);

      // Exactly once: each directory write happened once across both processes...
      expect(h.world.adWrites.map((w) => w.to)).toEqual([PARKING_OU, SYNCED_OUS[0]]);
      expect(h.world.cloudWrites().map((w) => w.method)).toEqual(['DELETE', 'PATCH']);
      // ...and has exactly one audit entry, recorded as a write (not as "already so").
      const audits = (await h.storage.audit.recent(1000)).filter((a) => a.action.startsWith('step.'));
      expect(audits.map((a) => a.action).sort()).toEqual(STEPS.map((s) => `step.${s}`).sort());
      for (const a of audits.filter((x) => WRITES.has(x.action.slice(5))))
        expect(a.message).not.toMatch(/nothing written/);
      expect((await h.storage.audit.recent(1000)).filter((a) => a.action === 'job.succeeded')).toHaveLength(
        1,
      );
    } finally {
      await server.close();
      await h.close();
    }
  });
});

// The forward path fails at step 5 (moving the AD account back): the service account is refused once.
// Compensation then undoes the ImmutableID (step 4) and moves the parked account back, then syncs.
const UNDO = ['cloud.set-immutable-id', 'ad.move-user', 'relay.delta-sync'] as const;
const undoCases = UNDO.flatMap((kind, position) =>
  (WRITES.has(kind)
    ? (['started', 'checked', 'acted', 'finished'] as const)
    : (['started', 'acted', 'finished'] as const)
  ).map((phase) => ({ position, kind, phase })),
);

/** The AD as served to the doomed instance: the first move out of the parking OU is refused. */
const refuseFirstReturn = (dir: OnPremDirectory): OnPremDirectory => {
  let refused = false;
  return {
    searchUsers: (p, l) => dir.searchUsers(p, l),
    getUser: (k) => dir.getUser(k),
    listUsersInOu: (ou) => dir.listUsersInOu(ou),
    ouExists: (ou) => dir.ouExists(ou),
    createUser: (spec) => dir.createUser(spec),
    moveUser: (dn, target) => {
      if (!refused && target === SYNCED_OUS[0]) {
        refused = true;
        return Promise.reject(
          new DomainError('AD.INSUFFICIENT_RIGHTS', 'Moving users out of OU=NoSync is not allowed.'),
        );
      }
      return dir.moveUser(dn, target);
    },
  };
};

describe('crash and resume while compensating', () => {
  it.concurrent.each(undoCases)(
    'killed at undo $position ($kind) $phase',
    async ({ position, kind, phase }) => {
      const file = join(dir, `undo-${position}-${phase}.sqlite`);
      const h = await harness('guide-000-synced-duplicate', file);
      const server = await serveDirectory(refuseFirstReturn(h.world.onPrem));
      try {
        const plan = await h.plan();
        const { request } = await h.requests.create({ requester: HARRY, reason: 'crash test', plan });
        await h.requests.approve({ requestId: request.id, actor: SAM });
        const crashed = await crashAt(h, file, server.url, request.id, `undo:${position}:${phase}`);
        expect(crashed).toMatchObject({
          state: 'compensating',
          failure: { code: 'AD.INSUFFICIENT_RIGHTS', stepIndex: 5 },
        });
        expect(crashed.compensation.map((c) => c.kind)).toEqual([...UNDO]);
        expect(crashed.compensation[position]!.status).toBe(journaledAs(kind, phase));

        const [resumed] = await resumeAfterLease(h);
        expect(resumed?.job).toMatchObject({ state: 'compensated' });
        expect(resumed?.job?.compensation.every((c) => c.status === 'done')).toBe(true);

        // The parked account is home; every write (forward and undo) happened exactly once.
        const ad = h.world.ad.allUsers().find((u) => u.objectGuid === h.world.scenario.adUser.objectGuid)!;
        expect(ad.dn).toBe(h.world.scenario.adUser.dn);
        expect(h.world.adWrites.map((w) => w.to)).toEqual([PARKING_OU, SYNCED_OUS[0]]);
        expect(h.world.cloudWrites().map((w) => w.method)).toEqual(['DELETE', 'PATCH', 'PATCH']);
        const actions = (await h.storage.audit.recent(1000)).map((a) => a.action);
        for (const undone of UNDO) expect(actions.filter((a) => a === `undo.${undone}`)).toHaveLength(1);
        expect(actions.filter((a) => a === 'job.compensated')).toHaveLength(1);
        expect(actions.filter((a) => a === 'job.step-failed')).toHaveLength(1);
      } finally {
        await server.close();
        await h.close();
      }
    },
  );
});

// The create-ad-account playbook's first step creates the AD account. Killed after the create but before the journal says
// so, the restarted runner must adopt that account (same UPN, OU and sAMAccountName), not create another
// or mistake it for someone else's.
describe('crash and resume: creating the AD account', () => {
  it.concurrent.each(['started', 'checked', 'acted', 'finished'] as const)(
    'killed at step 0 %s',
    async (phase) => {
      const file = join(dir, `create-${phase}.sqlite`);
      const h = await harness('guide-004-simple', file);
      const server = await serveDirectory(h.world.onPrem);
      try {
        const upn = 'new.person@contoso.com';
        const cloud = h.world.tenant.createCloudUser({
          userPrincipalName: upn,
          displayName: 'New Person',
          mail: upn,
        });
        const plan = await h.plan({ adUser: null, cloudUser: cloud.id });
        const { request } = await h.requests.create({ requester: HARRY, reason: 'crash test', plan });
        await h.requests.approve({ requestId: request.id, actor: SAM });
        const crashed = await crashAt(h, file, server.url, request.id, `0:${phase}`);
        expect(crashed.steps[0]!.status).toBe(journaledAs('ad.create-user', phase));
        const [resumed] = await resumeAfterLease(h);
        expect(resumed?.job).toMatchObject({ state: 'succeeded' });
        expect(h.world.adWrites.map((w) => w.op)).toEqual(['createUser']);
        expect(h.world.ad.allUsers().filter((u) => u.userPrincipalName === upn)).toHaveLength(1);
        expect(h.world.tenant.getUser(cloud.id)?.onPremisesSyncEnabled).toBe(true);
        const created = (await h.storage.audit.recent(100)).filter((a) => a.action === 'step.ad.create-user');
        expect(created).toHaveLength(1);
        expect(created[0]?.message).not.toMatch(/nothing written/);
      } finally {
        await server.close();
        await h.close();
      }
    },
  );
});

// The unlink (undo of a verified link) restores the soft-deleted cloud user. Killed around the restore,
// the restarted runner finds the user restored (the dead run's write) or still deleted, and restores it
// exactly once.
describe('crash and resume: restoring the deleted cloud user (unlink)', () => {
  it.concurrent.each(['started', 'checked', 'acted', 'finished'] as const)(
    'killed at the restore step %s',
    async (phase) => {
      const file = join(dir, `restore-${phase}.sqlite`);
      const h = await harness('guide-004-simple', file);
      const server = await serveDirectory(h.world.onPrem);
      try {
        const link = await h.requests.create({ requester: HARRY, reason: 'link', plan: await h.plan() });
        await h.requests.approve({ requestId: link.request.id, actor: SAM });
        const { job } = await h.runner('bot-1').run(link.request.id);
        expect(job?.state).toBe('succeeded');
        const ports = { onPrem: h.world.onPrem, cloud: h.world.cloud, relay: h.world.relay, clock: h.clock };
        const facts = await gatherMatchFacts(ports, h.world.settings, {
          ...undoSubject(job!),
          requestId: 'undo',
        });
        const plan = undoProposal(job!, facts).plan!;
        const k = plan.steps.findIndex((s) => s.kind === 'cloud.restore-deleted');
        expect(k).toBe(3);
        const { request } = await h.requests.create({ requester: HARRY, reason: 'undo', plan });
        await h.requests.approve({ requestId: request.id, actor: SAM });
        const crashed = await crashAt(h, file, server.url, request.id, `${k}:${phase}`);
        expect(crashed.steps[k]!.status).toBe(journaledAs('cloud.restore-deleted', phase));
        const [resumed] = await resumeAfterLease(h);
        expect(resumed?.job).toMatchObject({ state: 'succeeded', failure: null });
        const id = h.world.scenario.cloudUser.id;
        expect(h.world.tenant.getUser(id)).toMatchObject({
          onPremisesSyncEnabled: false,
          onPremisesImmutableId: job!.plan.basis.cloudImmutableId,
        });
        const restores = h.world.cloudWrites().filter((w) => w.method === 'POST');
        expect(restores.map((w) => w.path)).toEqual([`/v1.0/directory/deletedItems/${id}/restore`]);
        const ad = h.world.ad.allUsers().find((u) => u.objectGuid === h.world.scenario.adUser.objectGuid)!;
        expect(ad.dn).toBe(movedDn(h.world.scenario.adUser.dn, PARKING_OU));
        const audits = (await h.storage.audit.recent(1000)).filter(
          (a) => a.requestId === request.id && a.action === 'step.cloud.restore-deleted',
        );
        expect(audits).toHaveLength(1);
        expect(audits[0]?.message).not.toMatch(/nothing written/);
      } finally {
        await server.close();
        await h.close();
      }
    },
  );
});
