/**
 * The job runner: turns an approved request into directory changes, exactly once across bot instances.
 * It claims the job with a lease (compare-and-swap), re-gathers the facts and refuses a stale or now
 * blocked plan (LINK.STALE_PLAN) before the first step, runs each step under the journal, undoes
 * completed steps on failure, and reports what the plan's verify step confirmed (its journaled output)
 * with the playbook's outcome. `resumeJobs()` at start-up picks up whatever a dead runner
 * left: queued jobs, jobs mid-run whose lease expired, approved requests whose job was never queued.
 */
import { isDomainError } from '../errors.ts';
import { jobRepository } from '../repositories/jobs.ts';
import { ORPHAN_MARKER_MS, requestRepository } from '../repositories/requests.ts';
import { compensationFor, irreversibleDone, strandedUnlink } from './compensation.ts';
import type { JobEvent } from './job-events.ts';
import { isTerminalJob, type Job, type JobFailure } from './job-types.ts';
import { claimJob, isLeaseLost, type JobJournal } from './journal.ts';
import { ensureJob, staleness } from './preflight.ts';
import { jobOutcome } from '../playbooks/index.ts';
import type { StepTiming } from './steps.ts';
import type { JobRunner, JobRunnerDeps, RunResult } from './runner-types.ts';
import { compensationSlot, forwardSlot, runStep, type StepRunContext } from './step-runner.ts';

export type { JobEvent } from './job-events.ts';

export type { JobRunner, JobRunnerDeps, RunResult } from './runner-types.ts';

const defaultTiming: StepTiming = {
  syncTimeoutMs: 30 * 60_000,
  pollAttempts: 10,
  pollDelayMs: 3_000,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

const failureOf = (e: unknown, stepIndex: number | null): JobFailure =>
  isDomainError(e)
    ? { code: e.code, message: e.message, stepIndex, details: e.details }
    : { code: 'INTERNAL', message: 'Unexpected error.', stepIndex, details: {} };

/** Build a runner over the ports. Several runners (instances) may share one Store. */
export const createJobRunner = (deps: JobRunnerDeps): JobRunner => {
  const { audit, clock } = deps;
  const jobs = jobRepository(deps.store, clock);
  const requests = requestRepository(deps.store, clock);
  const preflight = { ...deps, jobs, requests };
  const timing: StepTiming = { ...defaultTiming, ...deps.timing };
  const lease = { owner: deps.owner, leaseMs: deps.leaseMs ?? 60_000, clock };
  const now = () => clock.now().toISOString();

  const jobAudit = (
    job: Job,
    action: string,
    outcome: 'ok' | 'failed' | 'refused',
    message: string,
    after?: unknown,
  ) =>
    audit.append({
      action,
      actor: deps.owner,
      requestId: job.requestId,
      target: `${job.plan.basis.cloudUserPrincipalName} (${job.plan.basis.cloudUserId})`,
      outcome,
      message,
      ...(after === undefined ? {} : { after }),
    });

  const stepContext = (
    journal: JobJournal,
    emit: (e: JobEvent) => void,
    auditPrefix: string,
    index: () => number,
  ): StepRunContext => ({
    journal,
    audit,
    clock,
    actor: deps.owner,
    maxAttempts: deps.maxStepAttempts ?? 3,
    retryDelayMs: timing.pollDelayMs,
    auditPrefix,
    context: (job, resumedAfterCheck) => ({
      ports: deps.ports,
      job,
      sourceAnchor: job.plan.basis.sourceAnchor,
      timing,
      resumedAfterCheck,
      onSyncProgress: (elapsedMs) =>
        emit({ type: 'waiting-for-sync', jobId: job.id, index: index(), elapsedMs }),
    }),
    onPhase: () => undefined,
  });

  const finish = async (
    journal: JobJournal,
    emit: (e: JobEvent) => void,
    patch: Partial<Job>,
  ): Promise<Job> => {
    const job = await journal.update((j) => ({ ...j, ...patch, finishedAt: now() }));
    await journal.release();
    emit({ type: 'finished', jobId: job.id, job: journal.current() });
    return journal.current();
  };

  const forward = async (journal: JobJournal, emit: (e: JobEvent) => void): Promise<void> => {
    const { plan } = journal.current();
    for (let i = 0; i < plan.steps.length; i++) {
      const step = plan.steps[i]!;
      const rc = stepContext(journal, emit, 'step', () => i);
      const withPhase: StepRunContext = {
        ...rc,
        onPhase: (phase, record) =>
          emit({
            type: 'step',
            jobId: journal.current().id,
            phase,
            index: i,
            of: plan.steps.length,
            kind: step.kind,
            changes: step.changes,
            record,
          }),
      };
      try {
        await runStep(withPhase, forwardSlot(i), step);
      } catch (e) {
        if (isLeaseLost(e)) throw e;
        // One write: a crash must never find "compensating" without the list of what to undo.
        const failed = await journal.update((j) => {
          const next: Job = { ...j, state: 'compensating', failure: failureOf(e, i) };
          const stranded = strandedUnlink(next);
          if (stranded !== null) {
            const f = next.failure!;
            const details = { ...f.details, deletedUserId: j.plan.basis.cloudUserId };
            return {
              ...next,
              failure: { ...f, message: `${f.message} ${stranded}`, details },
              compensation: [],
            };
          }
          return { ...next, compensation: compensationFor(next, i) };
        });
        await jobAudit(
          failed,
          'job.step-failed',
          'failed',
          `Step ${i + 1} (${step.kind}) failed: ${failed.failure?.message ?? ''}`,
        );
        return;
      }
    }
  };

  const compensate = async (journal: JobJournal, emit: (e: JobEvent) => void): Promise<Job> => {
    const entries = journal.current().compensation;
    let failures = 0;
    for (let k = 0; k < entries.length; k++) {
      const rc = stepContext(journal, emit, 'undo', () => entries[k]!.index);
      const withPhase: StepRunContext = {
        ...rc,
        onPhase: (phase) =>
          emit({
            type: 'undo',
            jobId: journal.current().id,
            phase,
            position: k,
            of: entries.length,
            kind: entries[k]!.kind,
          }),
      };
      try {
        await runStep(withPhase, compensationSlot(k), entries[k]!.action);
      } catch (e) {
        if (isLeaseLost(e)) throw e;
        failures++; // Keep going: every other undo (above all moving a parked user back) still runs.
      }
    }
    const job = journal.current();
    const irreversible = irreversibleDone(job);
    const stranded = strandedUnlink(job) !== null;
    const state = failures > 0 || stranded ? 'needs-attention' : 'compensated';
    const record = await jobAudit(
      job,
      `job.${state}`,
      'failed',
      `${job.failure?.message ?? 'A step failed.'} ${failures > 0 ? `${failures} undo step(s) failed: an administrator must check.` : stranded ? 'Nothing was undone automatically.' : 'Completed steps were undone.'}${irreversible.length > 0 ? ` Not undoable: ${irreversible.join(' ')}` : ''}`,
    );
    return finish(journal, emit, { state, outcomeAuditId: record.id });
  };

  const execute = async (journal: JobJournal, emit: (e: JobEvent) => void): Promise<Job> => {
    emit({ type: 'claimed', jobId: journal.current().id });
    const stopHeartbeat = journal.heartbeat();
    try {
      if (journal.current().state === 'queued') {
        const stale = await staleness(preflight, journal.current());
        if (stale !== null) {
          const { changed, blockedBy, message } = stale;
          emit({ type: 'stale', jobId: journal.current().id, changed, blockedBy });
          const record = await jobAudit(journal.current(), 'job.stale', 'refused', message, {
            changed,
            blockedBy,
          });
          return await finish(journal, emit, {
            state: 'stale',
            outcomeAuditId: record.id,
            failure: {
              code: 'LINK.STALE_PLAN',
              message,
              stepIndex: null,
              details: { changed, blockedBy },
            },
          });
        }
        await journal.update((j) => ({ ...j, state: 'running' }));
        await jobAudit(journal.current(), 'job.started', 'ok', `Running: ${journal.current().plan.title}.`);
      }
      if (journal.current().state === 'running') await forward(journal, emit);
      if (journal.current().state === 'compensating') return await compensate(journal, emit);
      // Whatever the last verify step confirmed (its journaled output) is the job's verified result.
      const verified = journal.current().steps.findLast((r) => r.output?.verified)?.output?.verified ?? null;
      const done: Job = { ...journal.current(), state: 'succeeded', verified };
      const record = await jobAudit(done, 'job.succeeded', 'ok', jobOutcome(done).sentence, verified);
      return await finish(journal, emit, { state: 'succeeded', verified, outcomeAuditId: record.id });
    } catch (e) {
      // Lost the lease: the new owner carries on. Anything else (store or directory unreachable): give the
      // job back so a resume can continue from the journal.
      if (!isLeaseLost(e)) await journal.release().catch(() => undefined);
      throw e;
    } finally {
      stopHeartbeat();
    }
  };

  const run = async (jobId: string, onEvent?: (event: JobEvent) => void): Promise<RunResult> => {
    const emit = (e: JobEvent) => {
      deps.onEvent?.(e);
      onEvent?.(e);
    };
    const journal = await claimJob(jobs, jobId, lease);
    if (journal === null) return { claimed: false, job: (await jobs.get(jobId))?.value ?? null };
    try {
      return { claimed: true, job: await execute(journal, emit) };
    } catch (e) {
      if (isLeaseLost(e)) return { claimed: false, job: (await jobs.get(jobId))?.value ?? null };
      throw e;
    }
  };

  const unfinished = async (): Promise<Job[]> => {
    const out: Job[] = [];
    for (const id of await jobs.unfinishedIds()) {
      let doc = await jobs.get(id);
      if (doc === null) {
        await ensureJob(preflight, id);
        doc = await jobs.get(id);
      }
      if (doc === null) {
        // Indexed at an approval that was never written (its writer died first): drop it once old.
        const since = await jobs.expectedSince(id);
        if (since !== null && clock.now().getTime() - since.getTime() > ORPHAN_MARKER_MS)
          await jobs.unindex(id);
      } else if (isTerminalJob(doc.value.state)) await jobs.unindex(id);
      else out.push(doc.value);
    }
    return out;
  };

  return {
    run,
    unfinished,
    async runApproved(requestId, onEvent) {
      await ensureJob(preflight, requestId);
      return run(requestId, onEvent);
    },
    async resumeJobs(onEvent) {
      const results: RunResult[] = [];
      for (const job of await unfinished()) {
        // One job's outage must not keep the others from resuming.
        results.push(
          await run(job.id, onEvent).catch(async (error: unknown) => ({
            claimed: false as const,
            job: (await jobs.get(job.id).catch(() => null))?.value ?? null,
            error,
          })),
        );
      }
      return results;
    },
  };
};
