/**
 * The workflow's composition: the core's request service and job runner over the store and audit log,
 * live membership through the cloud directory, the typed repositories, and this process's background
 * work (jobs started after a click, the resume at start, the sweeper). The edge supplies the ports, the
 * Notifier and the card renderer; everything else is decided here and in the use cases.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../config/logger.ts';
import type { AlertSettings } from '../core/alerts/types.ts';
import { groupMembership } from '../core/approvals/membership.ts';
import { createRequestService } from '../core/approvals/request-service.ts';
import type { GatherSettings } from '../core/gather.ts';
import { createJobRunner } from '../core/jobs/runner.ts';
import type { StepTiming } from '../core/jobs/step-types.ts';
import type { AuditLog, Clock, Store } from '../core/ports.ts';
import { jobRepository } from '../core/repositories/jobs.ts';
import type { AppContext, BackgroundTasks, DirectoryPorts, WorkflowSettings } from './context.ts';
import { watchOnce, watchSoon, type LookReport } from './alerts/watch.ts';
import { resumeAll } from './jobs/run-job.ts';
import type { CardRenderer, Notifier } from './ports.ts';
import { linkSessionRepository } from './repositories/link-sessions.ts';
import { alertsRepository } from './repositories/alerts.ts';
import { postsRepository } from './repositories/posts.ts';
import { rateLimitRepository } from './repositories/rate-limits.ts';
import { sweep } from './sweep.ts';

export interface RuntimeInput extends DirectoryPorts {
  readonly clock: Clock;
  readonly settings: GatherSettings;
  readonly log: Logger;
  readonly newId?: () => string;
  readonly store: Store;
  readonly audit: AuditLog;
  readonly requestersGroupId: string | null;
  readonly approversGroupId: string | null;
  /** Membership cache; default 30 s. */
  readonly membershipCacheMs?: number;
  readonly ttlHours: number;
  readonly sweepMs: number;
  readonly workflow: Omit<WorkflowSettings, 'jobStartDelayMs'> & { readonly jobStartDelayMs?: number };
  readonly timing?: Partial<StepTiming>;
  readonly notifier: Notifier;
  readonly render: CardRenderer;
  /** The sync-health watcher; absent or null: off. */
  readonly alerts?: AlertSettings | null;
}

export interface Runtime {
  readonly ctx: AppContext;
  /** Resume unfinished jobs and start the sweeper. */
  start(): void;
  /** One sweeper round (expire overdue requests, adopt orphaned jobs). */
  sweep(): Promise<void>;
  /** One sync-health look now (null: the watcher is off, or another instance holds the lease). */
  watch(): Promise<LookReport | null>;
  /** Wait for this process's background work. */
  idle(): Promise<void>;
  /** Stop the sweeper and wait for this process's background work. */
  stop(): Promise<void>;
}

/** Background tasks of one process, each key at most once at a time; `idle` waits for all of them. */
const backgroundTasks = (): BackgroundTasks & { track(p: Promise<void>): void; idle(): Promise<void> } => {
  const running = new Set<Promise<void>>();
  const keys = new Set<string>();
  const track = (p: Promise<void>) => {
    running.add(p);
    void p.finally(() => running.delete(p));
  };
  return {
    track,
    once(key, delayMs, task) {
      if (keys.has(key)) return;
      keys.add(key);
      track(new Promise((r) => setTimeout(r, delayMs)).then(task).finally(() => keys.delete(key)));
    },
    running: (key) => keys.has(key),
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
};

export const createRuntime = (input: RuntimeInput): Runtime => {
  const { store, audit, clock } = input;
  const membership = groupMembership(
    input.cloud,
    { requestersGroupId: input.requestersGroupId, approversGroupId: input.approversGroupId },
    clock,
    input.membershipCacheMs,
  );
  const background = backgroundTasks();
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const ctx: AppContext = {
    onPrem: input.onPrem,
    cloud: input.cloud,
    relay: input.relay,
    clock,
    settings: input.settings,
    log: input.log,
    newId: input.newId ?? randomUUID,
    audit,
    membership,
    requests: createRequestService({ store, audit, clock, membership, ttlHours: input.ttlHours }),
    runner: createJobRunner({
      store,
      audit,
      clock,
      ports: { onPrem: input.onPrem, cloud: input.cloud, relay: input.relay },
      settings: input.settings,
      owner: instanceId,
      ...(input.timing === undefined ? {} : { timing: input.timing }),
    }),
    jobs: jobRepository(store, clock),
    posts: postsRepository(store),
    sessions: linkSessionRepository(store),
    limits: rateLimitRepository(store),
    alerts: alertsRepository(store, clock),
    alertSettings: input.alerts ?? null,
    instanceId,
    notifier: input.notifier,
    render: input.render,
    workflow: { jobStartDelayMs: 250, ...input.workflow },
    background,
  };
  let sweeper: NodeJS.Timeout | null = null;
  let watcher: NodeJS.Timeout | null = null;
  return {
    ctx,
    start: () => {
      background.track(resumeAll(ctx));
      sweeper = setInterval(() => void sweep(ctx), input.sweepMs);
      sweeper.unref();
      const alerts = ctx.alertSettings;
      if (alerts === null)
        ctx.log.info('sync-health watcher off: HM_ALERTS_CONVERSATION_ID is not set (hardmatch doctor)');
      else {
        ctx.log.info({ intervalMs: alerts.intervalMs }, 'sync-health watcher on');
        // The first look soon after start (a restarted bot catches up at once), then one per interval.
        watchSoon(ctx, Math.min(1_000, alerts.intervalMs));
        watcher = setInterval(() => watchSoon(ctx), alerts.intervalMs);
        watcher.unref();
      }
    },
    sweep: () => sweep(ctx),
    watch: () => watchOnce(ctx),
    idle: () => background.idle(),
    stop: async () => {
      if (sweeper !== null) clearInterval(sweeper);
      if (watcher !== null) clearInterval(watcher);
      await background.idle();
      // Another instance takes over at its next look instead of waiting for the lease to run out.
      if (ctx.alertSettings !== null)
        await ctx.alerts
          .releaseLease(instanceId)
          .catch((e: unknown) => ctx.log.warn({ err: e }, 'could not release the watcher lease'));
    },
  };
};
