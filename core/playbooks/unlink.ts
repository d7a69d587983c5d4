/**
 * Undo of a verified link: once sync masters the cloud user its ImmutableID cannot be changed from the
 * cloud, so the documented way back goes through the recycle bin. Park the AD account outside the sync
 * scope -> delta sync (Entra soft-deletes the synced cloud user) -> restore it (it comes back cloud-only,
 * same object id and mailbox, still holding the anchor) -> put back the ImmutableID it had before the
 * job -> verify. The AD account stays parked: back in scope it would be linked again (hard match) or
 * synced as a duplicate. That is said on the plan and as a warning check.
 */
import { check, type CheckResult } from '../checks/types.ts';
import { movedDn, parentDn } from '../dn.ts';
import type { MatchFacts } from '../facts.ts';
import type { Job } from '../jobs/job-types.ts';
import type { PlanStep } from '../plan-types.ts';
import { scopeOf } from '../scope.ts';
import { doneOutcome } from './outcome.ts';
import { noUndo } from './seal.ts';
import { UNSET_OU, deltaSync, move, setImmutableId, show } from './steps.ts';
import { UNDO_IS_FINAL, createdByJob, requireUndoing, undoSubject } from './subject.ts';
import type { JobOutcome, Playbook } from './types.ts';

/** Whether `facts` show the link that succeeded job `job` verified (so undo means unlink). */
export const isVerifiedLinkNow = (job: Job, facts: MatchFacts): boolean => {
  const user = facts.cloud.cloudUser;
  return (
    job.state === 'succeeded' &&
    job.verified?.synced === true &&
    user.id === job.verified.cloudUserId &&
    user.onPremisesSyncEnabled === true &&
    user.onPremisesImmutableId === job.verified.immutableId
  );
};

/** The checks of an unlink: what blocks it, and the warning that the AD account stays parked. */
const unlinkChecks = (job: Job, facts: MatchFacts): CheckResult[] => {
  const ad = facts.adUser;
  const ou = facts.parkingOuDn;
  const out: CheckResult[] = [];
  if (ad === null || facts.immutableId !== job.verified?.immutableId)
    out.push(
      check(
        'undo.linked',
        'block',
        'AD account of the link not found',
        'The AD account this job linked was not found (or no longer yields the ImmutableID), so it cannot be parked to unlink. An administrator must look.',
        { objectGuid: undoSubject(job).adUser?.value ?? null },
      ),
    );
  else
    out.push(
      check(
        'undo.linked',
        'pass',
        'Still linked as the job left it',
        `${ad.dn} is linked to the cloud user.`,
      ),
    );
  if (ou === null || (facts.syncScope !== null && scopeOf(ou, facts.syncScope).inScope))
    out.push(
      check(
        'config.parking-ou',
        'block',
        ou === null ? 'No parking OU configured' : 'Parking OU is synced',
        'Unlinking parks the AD account in an OU that Entra Connect does not sync. An administrator sets HM_PARKING_OU to such an OU.',
        { setting: 'HM_PARKING_OU', parkingOuDn: ou },
      ),
    );
  if (facts.scheduler?.stagingModeEnabled === true)
    out.push(
      check(
        'relay.staging-mode',
        'block',
        'Entra Connect is in staging mode',
        'In staging mode a sync exports nothing, so the cloud user would not be soft-deleted.',
      ),
    );
  out.push(
    check(
      'undo.ad-stays-parked',
      'warn',
      'The AD account stays in the parking OU',
      `${ad?.samAccountName ?? 'The AD account'} stays in ${ou ?? 'the parking OU'} after the undo. Moving it back into the sync scope would link it to the cloud user again (hard match) or sync it as a duplicate cloud user.${createdByJob(job) ? ' The bot created this account: disable or delete it in AD if it is not needed.' : ''}`,
      { parkingOuDn: ou },
    ),
  );
  return out;
};

const NO_REDO = { kind: 'none', why: 'To link again, ask for the match again.' } as const;

/** The unlink steps for a link `job` verified and `facts` still show (see isVerifiedLinkNow). */
const unlinkSteps = (job: Job, facts: MatchFacts): { steps: PlanStep[]; summary: string } => {
  const user = facts.cloud.cloudUser;
  const upn = user.userPrincipalName;
  const anchor = user.onPremisesImmutableId;
  // What the cloud user held before the job: put back.
  const previous = job.plan.basis.cloudImmutableId;
  const parking = facts.parkingOuDn ?? UNSET_OU;
  const ad = facts.adUser;
  const adDn = ad?.dn ?? '(not found)';
  const home = parentDn(adDn);
  const parkedDn = movedDn(adDn, parking);
  const sam = ad?.samAccountName ?? 'the AD account';
  const steps: PlanStep[] = [
    {
      ...move(adDn, home, parking, 'park'),
      changes: `Moves the AD account ${sam} to the non-synced OU ${parking}. It stays there: back in the sync scope it would be linked again.`,
      precondition: `The AD account is at ${adDn}; ${parking} exists and is outside the sync scope.`,
      undo: {
        kind: 'step',
        step: move(parkedDn, parking, home, 'return'),
        changes: `Moves the AD account back to ${home} (only while the cloud user has not been deleted).`,
      },
    },
    deltaSync(`Entra soft-deletes the synced cloud user ${upn}`),
    {
      kind: 'cloud.confirm-soft-deleted',
      userId: user.id,
      userPrincipalName: upn,
      changes: `Changes nothing: confirms ${upn} is now in deleted users.`,
      precondition: 'The delta sync before it has finished.',
      undo: { kind: 'none', why: 'Read only.' },
    },
    {
      kind: 'cloud.restore-deleted',
      userId: user.id,
      userPrincipalName: upn,
      changes: `Restores ${upn} from deleted users: it comes back cloud-only with the same object id and mailbox, still holding ${show(anchor)}.`,
      precondition: `${upn} (${user.id}) is in deleted users; no active user took its sign-in name or addresses.`,
      undo: { kind: 'none', why: 'The restore ends the soft-delete; the user is never left deleted.' },
    },
    ...(previous === anchor ? [] : setImmutableId(facts, previous).map((s) => ({ ...s, undo: NO_REDO }))),
    {
      kind: 'cloud.verify-unlinked',
      userId: user.id,
      immutableId: previous,
      parkedDn,
      changes: `Changes nothing: checks that ${upn} is active, cloud-only (same object id) and holds ${show(previous)} again.`,
      precondition: 'The steps before it have finished.',
      undo: { kind: 'none', why: 'Read only.' },
    },
  ];
  const created = createdByJob(job)
    ? ` The bot created ${sam} (job ${job.id}); it is left parked - an administrator disables or deletes it.`
    : '';
  return {
    steps,
    summary: `Unlink ${upn} from ${sam}: park ${sam} in ${parking} (outside the sync) so Entra soft-deletes the synced cloud user, restore it as cloud-only (same object id and mailbox) and put back its previous ImmutableID (${show(previous)}). ${sam} stays in ${parking}: moving it back into the sync scope would link it again (hard match) or create a duplicate cloud user.${created}`,
  };
};

/** A succeeded unlink: the verify step found the cloud user cloud-only with its previous ImmutableID. */
const unlinkedOutcome = (job: Job): Omit<JobOutcome, 'undoable'> => {
  const v = job.verified;
  if (v === null || v.synced) return doneOutcome(job);
  const who = job.plan.basis.cloudUserPrincipalName;
  const where = v.parkedDn ?? 'the parking OU';
  return {
    status: 'Done - verified: unlinked',
    detail: `${who} is cloud-only again (same object) with ImmutableID ${v.immutableId ?? 'empty'}. The AD account stays at ${where}: moving it back into the sync scope would link it again.`,
    sentence: `Done - verified: ${who} is unlinked (cloud-only again). The AD account stays at ${where}.`,
  };
};

/** Undo of a verified link; chosen by the linking playbooks' undo while sync masters the cloud user. */
export const unlink: Playbook = {
  name: 'unlink',
  title: 'Undo: unlink from AD',
  label: 'Undo',
  build: ({ facts, undoing }) => unlinkSteps(requireUndoing(undoing), facts),
  checks: ({ facts, undoing }) => unlinkChecks(requireUndoing(undoing), facts),
  outcome: unlinkedOutcome,
  undoable: () => false,
  undo: () => noUndo(UNDO_IS_FINAL),
};
