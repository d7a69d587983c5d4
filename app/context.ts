/**
 * What every use case receives: the ports (directories, relay, clock, audit), the core's services
 * (requests, job runner, membership), the typed repositories, and the edge's Notifier and card renderer.
 * Built once by runtime.ts; the bot, the CLI and the tests call the use cases with it.
 */
import type { Logger } from '../config/logger.ts';
import type { AlertSettings } from '../core/alerts/types.ts';
import type { MembershipPort } from '../core/approvals/membership.ts';
import type { RequestService } from '../core/approvals/request-service.ts';
import type { GatherSettings } from '../core/gather.ts';
import type { JobRunner } from '../core/jobs/runner.ts';
import type { AuditLog, Clock, CloudDirectory, OnPremDirectory, SyncRelay } from '../core/ports.ts';
import type { JobRepository } from '../core/repositories/jobs.ts';
import type { CardRenderer, Notifier } from './ports.ts';
import type { AlertsRepository } from './repositories/alerts.ts';
import type { LinkSessionRepository } from './repositories/link-sessions.ts';
import type { PostsRepository } from './repositories/posts.ts';
import type { RateLimitRepository } from './repositories/rate-limits.ts';

/** The directories and the relay, as the core's ports. */
export interface DirectoryPorts {
  readonly onPrem: OnPremDirectory;
  readonly cloud: CloudDirectory;
  /** null when no relay agent is configured. */
  readonly relay: SyncRelay | null;
}

export interface WorkflowSettings {
  /** Where approval cards go; null: the conversation the request was made in. */
  readonly approversConversationId: string | null;
  /** Minimum time between two `sync now` per tenant. */
  readonly syncNowIntervalMs: number;
  /** Delay before a job starts, so the click's answer reaches Teams first. */
  readonly jobStartDelayMs: number;
}

/** Background work of this process: each key runs at most once at a time. */
export interface BackgroundTasks {
  /** Run `task` after `delayMs` unless a task with `key` is already running in this process. */
  once(key: string, delayMs: number, task: () => Promise<void>): void;
  /** Whether a task with `key` runs in this process now. */
  running(key: string): boolean;
}

export interface AppContext extends DirectoryPorts {
  readonly clock: Clock;
  readonly settings: GatherSettings;
  readonly log: Logger;
  /** New ids (random in production, predictable in tests). */
  readonly newId: () => string;
  readonly audit: AuditLog;
  readonly requests: RequestService;
  readonly runner: JobRunner;
  readonly membership: MembershipPort;
  readonly jobs: JobRepository;
  readonly posts: PostsRepository;
  readonly sessions: LinkSessionRepository;
  readonly limits: RateLimitRepository;
  readonly alerts: AlertsRepository;
  /** The sync-health watcher's settings; null: the watcher is off (no ops conversation configured). */
  readonly alertSettings: AlertSettings | null;
  /** This process, as leases and claims name it (host, pid and a random part). */
  readonly instanceId: string;
  readonly notifier: Notifier;
  readonly render: CardRenderer;
  readonly workflow: WorkflowSettings;
  readonly background: BackgroundTasks;
}
