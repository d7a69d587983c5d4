/**
 * One step under the journal: `started` is written before anything is read, `checked` (with the state
 * found) before the write, `done` (with before / after / vendor request id) after it, then the audit
 * entry, then `audited`. A restart therefore knows exactly where it stopped: a step found at `checked`
 * whose change is now in place was written by the run that died - recorded as its write, not repeated.
 */
import { DomainError, isDomainError } from '../errors.ts';
import type { StepAction } from '../plan-types.ts';
import type { AuditLog, Clock } from '../ports.ts';
import type { Job, StepRecord } from './job-types.ts';
import type { JobJournal } from './journal.ts';
import { isLeaseLost } from './journal.ts';
import { STEP_HANDLERS, type StepContext } from './steps.ts';

/** Where a step's record lives in the job: a forward step or a compensation entry. */
export interface RecordSlot {
  get(job: Job): StepRecord;
  set(job: Job, record: StepRecord): Job;
}

export const forwardSlot = (index: number): RecordSlot => ({
  get: (job) => job.steps[index]!,
  set: (job, record) => ({ ...job, steps: job.steps.map((s, i) => (i === index ? record : s)) }),
});

export const compensationSlot = (position: number): RecordSlot => ({
  get: (job) => job.compensation[position]!,
  set: (job, record) => ({
    ...job,
    compensation: job.compensation.map((c, i) => (i === position ? { ...c, ...record } : c)),
  }),
});

export type StepPhase = 'started' | 'checked' | 'acted' | 'finished';

export interface StepRunContext {
  readonly journal: JobJournal;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly actor: string;
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
  readonly context: (job: Job, resumedAfterCheck: boolean) => StepContext;
  readonly onPhase: (phase: StepPhase, record: StepRecord) => void;
  /** Audit action name prefix: `step` or `undo`. */
  readonly auditPrefix: string;
}

const target = (action: StepAction): string | null => {
  switch (action.kind) {
    case 'ad.move-user':
      return action.dn;
    case 'ad.create-user':
      return action.spec.userPrincipalName;
    case 'cloud.hard-delete':
      return `${action.userPrincipalName} (${action.deletedUserId})`;
    case 'cloud.confirm-soft-deleted':
    case 'cloud.restore-deleted':
      return `${action.userPrincipalName} (${action.userId})`;
    case 'relay.delta-sync':
      return 'Entra Connect';
    default:
      return action.userId;
  }
};

/** Write the audit entry of a finished step (once: the journal records that it was written). */
export const auditStep = async (rc: StepRunContext, slot: RecordSlot, action: StepAction): Promise<void> => {
  const rec = slot.get(rc.journal.current());
  if (rec.status !== 'done' || rec.audited) return;
  const job = rc.journal.current();
  await rc.audit.append({
    action: `${rc.auditPrefix}.${action.kind}`,
    actor: rc.actor,
    requestId: job.requestId,
    target: target(action),
    before: rec.before,
    after: rec.after,
    vendorRequestId: rec.vendorRequestId,
    outcome: 'ok',
    message:
      rec.noop === true
        ? 'Already in the wanted state: nothing written.'
        : rec.attempts > 1
          ? `Completed after ${rec.attempts} starts (a restart or retry).`
          : `Step ${rec.index + 1} of ${job.plan.steps.length}.`,
  });
  await rc.journal.update((j) => slot.set(j, { ...slot.get(j), audited: true }));
};

const errorOf = (e: unknown): { code: string; message: string } =>
  isDomainError(e)
    ? { code: e.code, message: e.message }
    : { code: 'INTERNAL', message: 'Unexpected error.' };

/**
 * Run `action` in `slot` from wherever the journal says it stopped. Retryable failures (throttling,
 * busy relay) are retried up to `maxAttempts`; any other failure is journaled as `failed` and thrown.
 */
export const runStep = async (
  rc: StepRunContext,
  slot: RecordSlot,
  action: StepAction,
): Promise<StepRecord> => {
  const { journal, clock } = rc;
  const prior = slot.get(journal.current());
  if (prior.status === 'done') {
    await auditStep(rc, slot, action);
    return slot.get(journal.current());
  }
  const resumedAfterCheck = prior.status === 'checked' && prior.needsWrite === true;
  let job = await journal.update((j) =>
    slot.set(j, {
      ...slot.get(j),
      status: resumedAfterCheck ? 'checked' : 'started',
      attempts: slot.get(j).attempts + 1,
      startedAt: clock.now().toISOString(),
      error: null,
    }),
  );
  rc.onPhase('started', slot.get(job));
  const handler = STEP_HANDLERS[action.kind];
  let result: Pick<StepRecord, 'noop' | 'before' | 'after' | 'vendorRequestId' | 'output'>;
  for (let attempt = 1; ; attempt++) {
    try {
      const ctx = rc.context(job, resumedAfterCheck);
      const checked = await handler.check(action, ctx);
      if (!checked.needsWrite) {
        // Found done. After a `checked` crash the dead run made the change; otherwise it already held.
        result = {
          noop: !resumedAfterCheck,
          before: resumedAfterCheck ? prior.before : checked.before,
          after: checked.after ?? checked.before,
          vendorRequestId: null,
          output: checked.output ?? null,
        };
      } else {
        if (handler.writes) {
          job = await journal.update((j) =>
            slot.set(j, { ...slot.get(j), status: 'checked', needsWrite: true, before: checked.before }),
          );
          rc.onPhase('checked', slot.get(job));
        }
        const acted = await handler.act(action, rc.context(job, resumedAfterCheck));
        rc.onPhase('acted', slot.get(job));
        result = {
          noop: false,
          before: checked.before,
          after: acted.after,
          vendorRequestId: acted.vendorRequestId,
          output: acted.output ?? null,
        };
      }
      break;
    } catch (e) {
      if (isLeaseLost(e)) throw e;
      if (isDomainError(e) && e.retryable && attempt < rc.maxAttempts) {
        await new Promise((r) => setTimeout(r, rc.retryDelayMs * attempt));
        continue;
      }
      await journal.update((j) =>
        slot.set(j, {
          ...slot.get(j),
          status: 'failed',
          error: errorOf(e),
          finishedAt: clock.now().toISOString(),
        }),
      );
      throw isDomainError(e) ? e : new DomainError('JOB.FAILED', 'A step failed unexpectedly.', { cause: e });
    }
  }
  await journal.update((j) =>
    slot.set(j, {
      ...slot.get(j),
      ...result,
      status: 'done',
      finishedAt: clock.now().toISOString(),
      audited: false,
    }),
  );
  await auditStep(rc, slot, action);
  const done = slot.get(journal.current());
  rc.onPhase('finished', done);
  return done;
};
