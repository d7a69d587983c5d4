/**
 * Compensation: after a failed step, the completed steps that the plan says how to undo are undone in
 * reverse order. An AD account parked out of sync scope is always moved back (even when the park looked
 * like a no-op: the check makes a needless move a no-op). When an undo moved an AD account, a delta sync
 * follows so Entra sees the restored state. The list is computed once and journaled, so a restart
 * continues the same compensation.
 */
import type { StepAction } from '../plan-types.ts';
import type { CompensationRecord, Job, StepRecord } from './job-types.ts';
import { blankStep } from './job-types.ts';

const afterField = (rec: StepRecord, field: string): unknown =>
  typeof rec.after === 'object' && rec.after !== null
    ? (rec.after as Record<string, unknown>)[field]
    : undefined;

/** The undo action of a completed step, with the values the step actually produced. */
export const undoAction = (job: Job, index: number): StepAction | null => {
  const step = job.plan.steps[index]!;
  const rec = job.steps[index]!;
  if (rec.status !== 'done' || step.undo.kind !== 'step') return null;
  const isPark = step.kind === 'ad.move-user' && step.purpose === 'park';
  if (rec.noop === true && !isPark) return null;
  const undo = step.undo.step;
  if (undo.kind === 'cloud.set-immutable-id') {
    const set = afterField(rec, 'onPremisesImmutableId');
    // Undo from what this job wrote (the plan's undo cannot know a value resolved at run time).
    return { ...undo, from: typeof set === 'string' ? set : null };
  }
  if (undo.kind === 'ad.move-user') {
    const dn = afterField(rec, 'dn');
    return typeof dn === 'string' ? { ...undo, dn } : undo;
  }
  return undo;
};

/**
 * An unlink that failed after Entra soft-deleted the cloud user: moving the AD account back would not
 * simply undo it, so nothing is compensated and the job needs attention with what is left where. The
 * message for the person; null when the job is not in that state.
 */
export const strandedUnlink = (job: Job): string | null => {
  const steps = job.plan.steps;
  const verify = steps.find((s) => s.kind === 'cloud.verify-unlinked');
  const confirm = steps.findIndex((s) => s.kind === 'cloud.confirm-soft-deleted');
  const restore = steps.findIndex((s) => s.kind === 'cloud.restore-deleted');
  if (verify?.kind !== 'cloud.verify-unlinked' || confirm < 0 || restore < 0) return null;
  if (job.steps[confirm]?.status !== 'done') return null;
  const r = steps[restore]!;
  const upn = r.kind === 'cloud.restore-deleted' ? r.userPrincipalName : verify.userId;
  const want = verify.immutableId ?? 'empty';
  const where = `The AD account stays parked at ${verify.parkedDn}.`;
  return job.steps[restore]?.status === 'done'
    ? `${upn} was restored as a cloud-only user (object ${verify.userId}) but does not yet hold ImmutableID ${want}: an administrator sets it. ${where}`
    : `${upn} is soft-deleted in Entra and was NOT restored: an administrator restores object ${verify.userId} from Deleted users, then sets its ImmutableID to ${want}. ${where}`;
};

/** The compensation entries for `job`, whose step `failedIndex` failed. */
export const compensationFor = (job: Job, failedIndex: number): CompensationRecord[] => {
  if (strandedUnlink(job) !== null) return [];
  const out: CompensationRecord[] = [];
  for (let i = failedIndex; i >= 0; i--) {
    const action = undoAction(job, i);
    if (action !== null) out.push({ ...blankStep(i, action.kind), action });
  }
  const movedAd = out.some((c) => c.action.kind === 'ad.move-user');
  const synced = job.steps.some(
    (s, i) => s.status === 'done' && job.plan.steps[i]!.kind === 'relay.delta-sync',
  );
  if (movedAd && synced) {
    const sync: StepAction = { kind: 'relay.delta-sync', waitForIdle: true };
    out.push({ ...blankStep(-1, sync.kind), action: sync });
  }
  return out;
};

/** Completed steps that could not be undone (irreversible), for the report. */
export const irreversibleDone = (job: Job): string[] =>
  job.plan.steps.flatMap((s, i) =>
    job.steps[i]?.status === 'done' && s.undo.kind === 'irreversible' && job.steps[i]?.noop === false
      ? [s.changes]
      : [],
  );
