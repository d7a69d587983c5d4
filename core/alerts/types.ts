/**
 * Sync-health alerts as values. Each rule (core/alerts/rules-*.ts) is a pure function from the facts one
 * look read (WatchFacts) and what earlier looks remembered (WatchMemory) to the alerts that fire now.
 * An alert's `id` names the situation (the kind and its subject): the same situation keeps its id from
 * look to look, so its card is updated in place, and a situation that ends is resolved, not forgotten.
 */
import type { Readout } from '../readout.ts';
import type {
  CloudUser,
  OrganizationSyncStatus,
  RunProfileResult,
  SchedulerStatus,
  ServerInfo,
  SyncCredentialInfo,
  TenantSyncFeatures,
} from '../models.ts';

/** What "Mute this kind" mutes. Reads that failed belong to the kind they would have fed. */
export const ALERT_KINDS = [
  'sync-errors',
  'stale-sync',
  'scheduler',
  'long-cycle',
  'export-errors',
  'password-sync',
  'connect-version',
  'sync-credential',
  'tenant-setting',
  'relay',
  'graph',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const isAlertKind = (v: string): v is AlertKind => (ALERT_KINDS as readonly string[]).includes(v);

/** critical: something has stopped (or will, soon); warning: worth a look. */
export type AlertSeverity = 'critical' | 'warning';

export interface AlertFact {
  readonly label: string;
  readonly value: string;
}

/** A line of the alert (a user with a sync error, an export error); a user's row gets a Fix button. */
export interface AlertRow {
  readonly text: string;
  readonly detail: string;
  /** The cloud user the Fix button opens the link card for; null: no Fix on this row. */
  readonly fixCloudUserId: string | null;
}

export interface AlertValue {
  /** The situation: `<kind>` or `<kind>.<subject>`, lower case, letters, digits, dots and dashes. */
  readonly id: string;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly title: string;
  /** What is wrong and why it matters, in a sentence or two. */
  readonly summary: string;
  /** What to do. */
  readonly fix: string;
  readonly facts: readonly AlertFact[];
  readonly rows: readonly AlertRow[];
  /** Rows left out of `rows` (a card has a size limit). */
  readonly moreRows: number;
  /** The button that fixes it, when there is one. */
  readonly action: 'restart-sync' | null;
  /**
   * What counts as a change of the situation (a snooze "until changed" ends when it changes): the
   * severity and the material facts, never times that move on every look.
   */
  readonly signature: string;
}

/** Thresholds of the rules (configuration: HM_ALERTS_*). */
export interface AlertThresholds {
  /** Last tenant sync older than this is stale; null: three sync cycles of the scheduler's interval. */
  readonly staleSyncMinutes: number | null;
  /** Last password hash sync older than this: the heartbeat is missing (Connect Health uses 120). */
  readonly passwordSyncMinutes: number;
  /** A cycle running longer than this; null: three times the usual cycle (at least 30 minutes). */
  readonly longCycleMinutes: number | null;
  /** Warn this many days before the sync credential's certificate expires. */
  readonly credentialDays: number;
  /** Warn this many days before the Entra Connect version's end of support or stop-syncing date. */
  readonly supportDays: number;
}

export interface AlertSettings extends AlertThresholds {
  /** The ops conversation (a Teams channel) the alert cards go to. */
  readonly conversationId: string;
  readonly intervalMs: number;
}

/** The relay's part of one look; absent when no relay agent is configured. */
export interface RelayFacts {
  readonly scheduler: Readout<SchedulerStatus>;
  readonly runs: Readout<readonly RunProfileResult[]>;
  readonly server: Readout<ServerInfo>;
  readonly credential: Readout<SyncCredentialInfo>;
}

/** Everything one look read. */
export interface WatchFacts {
  readonly now: Date;
  readonly organization: Readout<OrganizationSyncStatus>;
  readonly errorUsers: Readout<readonly CloudUser[]>;
  /** `value: null`: the tenant would not tell the app (app-only reads are not guaranteed). */
  readonly features: Readout<TenantSyncFeatures | null>;
  readonly relay: RelayFacts | null;
}

/** What the watcher remembers between looks (in the store, so a restart or another instance goes on). */
export interface WatchMemory {
  readonly lastLookAt: string | null;
  /** Sync errors already told, by fingerprint: the id of the alert that told them. */
  readonly seenErrors: Readonly<Record<string, string>>;
  /** The tenant settings as first seen; a change from these is an alert until it is changed back. */
  readonly baseline: {
    readonly takeoverBlock: boolean | null;
    readonly bypassFlag: boolean | null;
  };
  /** When the watcher first saw the running cycle (null: idle at the last look). */
  readonly cycleSeenSince: string | null;
}

export const EMPTY_MEMORY: WatchMemory = {
  lastLookAt: null,
  seenErrors: {},
  baseline: { takeoverBlock: null, bypassFlag: null },
  cycleSeenSince: null,
};
