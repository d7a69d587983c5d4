/**
 * Wiring of the approval step: the request service and job runner over the Store and AuditLog, live
 * membership through Graph, the messenger over the adapter; background jobs started after a click is
 * answered, resumeJobs() at start and a sweeper that marks overdue requests expired and updates their cards.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/config.ts';
import { groupMembership } from '../core/approvals/membership.ts';
import { createRequestService } from '../core/approvals/request-service.ts';
import { isTerminalJob, type Job } from '../core/jobs/job-types.ts';
import { createJobRunner } from '../core/jobs/runner.ts';
import { undoProposal, undoSubject } from '../core/playbooks/index.ts';
import { gatherMatchFacts } from '../core/gather.ts';
import type { StepTiming } from '../core/jobs/step-types.ts';
import type { AuditLog, Store } from '../core/ports.ts';
import type { ApprovalDeps, Messenger } from '../dialogs/approval-deps.ts';
import { refreshCards } from '../dialogs/approval-view.ts';
import type { DialogDeps } from '../dialogs/deps.ts';
import { resumeAll, runJob } from '../dialogs/job-run.ts';

/** A queued job nobody claimed for this long was left by an instance that stopped after the click. */
const ORPHAN_GRACE_MS = 30_000;

export interface ApprovalSettings {
  readonly store: Store;
  readonly audit: AuditLog;
  readonly requestersGroupId: string | null;
  readonly approversGroupId: string | null;
  readonly approversConversationId: string | null;
  readonly ttlHours: number;
  readonly sweepMs: number;
  readonly syncNowIntervalMs: number;
  /** Membership cache; default 30 s. */
  readonly membershipCacheMs?: number;
  readonly timing?: Partial<StepTiming>;
  /** Delay before a job starts, so the click's answer reaches Teams first. Default 250 ms. */
  readonly jobStartDelayMs?: number;
}

/** The approval settings of `config` over the given storage. */
export const approvalSettingsFrom = (
  config: AppConfig,
  storage: { readonly store: Store; readonly audit: AuditLog },
): ApprovalSettings => ({
  store: storage.store,
  audit: storage.audit,
  requestersGroupId: config.env.HM_REQUESTERS_GROUP_ID ?? null,
  approversGroupId: config.env.HM_APPROVERS_GROUP_ID ?? null,
  approversConversationId: config.env.HM_APPROVERS_CONVERSATION_ID ?? null,
  ttlHours: config.env.HM_APPROVAL_TTL_HOURS,
  sweepMs: config.env.HM_EXPIRY_SWEEP_SECONDS * 1000,
  syncNowIntervalMs: config.env.HM_SYNC_NOW_INTERVAL_SECONDS * 1000,
});

export interface ApprovalRuntime {
  readonly deps: ApprovalDeps;
  /** Resume unfinished jobs and start the expiry sweeper. */
  start(): void;
  /** Mark overdue requests expired and update their cards, and adopt orphaned jobs (what the sweeper runs). */
  sweep(): Promise<void>;
  /** Wait for the jobs in flight of this process. */
  idle(): Promise<void>;
  /** Stop the sweeper and wait for jobs in flight of this process. */
  stop(): Promise<void>;
}

export const createApprovalRuntime = (
  dialog: DialogDeps,
  s: ApprovalSettings,
  messenger: Messenger,
): ApprovalRuntime => {
  const log = dialog.log;
  const membership = groupMembership(
    dialog.cloud,
    { requestersGroupId: s.requestersGroupId, approversGroupId: s.approversGroupId },
    dialog.clock,
    s.membershipCacheMs,
  );
  const common = { store: s.store, audit: s.audit, clock: dialog.clock };
  const running = new Set<Promise<void>>();
  const active = new Set<string>();
  const track = (p: Promise<void>) => {
    running.add(p);
    void p.finally(() => running.delete(p));
  };
  const deps: ApprovalDeps = {
    ...common,
    requests: createRequestService({ ...common, membership, ttlHours: s.ttlHours }),
    runner: createJobRunner({
      ...common,
      ports: { onPrem: dialog.onPrem, cloud: dialog.cloud, relay: dialog.relay },
      settings: dialog.settings,
      owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      ...(s.timing === undefined ? {} : { timing: s.timing }),
    }),
    membership,
    messenger,
    approversConversationId: s.approversConversationId,
    syncNowIntervalMs: s.syncNowIntervalMs,
    undoCheck: async (job) => {
      try {
        const facts = await gatherMatchFacts(dialog, dialog.settings, {
          ...undoSubject(job),
          requestId: job.id,
        });
        const proposal = undoProposal(job, facts);
        return { possible: proposal.possible, why: proposal.possible ? '' : proposal.why };
      } catch (e) {
        // Unknown now: offer Undo; the click judges it again against the facts of that moment.
        log.warn({ err: e, jobId: job.id }, 'could not judge whether the job can be undone');
        return { possible: true, why: '' };
      }
    },
    startJob: (requestId) => {
      // One run per job per process; other processes are kept out by the runner's lease.
      if (active.has(requestId)) return;
      active.add(requestId);
      track(
        new Promise((r) => setTimeout(r, s.jobStartDelayMs ?? 250))
          .then(() => runJob(deps, log, requestId))
          .finally(() => active.delete(requestId)),
      );
    },
  };
  /**
   * Jobs another instance left behind (its lease ran out: it died mid-job) or never started (it died
   * right after the click): taken over while this instance runs, not only at its next start.
   */
  const adopt = async () => {
    const now = dialog.clock.now().getTime();
    for (const { value: job } of await s.store.list<Job>('jobs/')) {
      if (isTerminalJob(job.state) || active.has(job.id)) continue;
      const orphan =
        job.lease === null
          ? Date.parse(job.updatedAt) < now - ORPHAN_GRACE_MS
          : Date.parse(job.lease.expiresAt) <= now;
      if (orphan) deps.startJob(job.id);
    }
  };
  const idle = async () => {
    while (running.size > 0) await Promise.allSettled([...running]);
  };
  let sweeper: NodeJS.Timeout | null = null;
  const sweep = async () => {
    try {
      for (const id of await deps.requests.expireDue()) await refreshCards(deps, log, id);
      await adopt();
    } catch (e) {
      log.warn({ err: e }, 'expiry sweep failed');
    }
  };
  return {
    deps,
    start: () => {
      track(resumeAll(deps, log));
      sweeper = setInterval(() => void sweep(), s.sweepMs);
      sweeper.unref();
    },
    sweep,
    idle,
    stop: async () => {
      if (sweeper !== null) clearInterval(sweeper);
      await idle();
    },
  };
};
