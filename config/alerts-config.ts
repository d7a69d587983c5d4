/**
 * The sync-health watcher's settings (HM_ALERTS_*), read by config.ts with the same strict field rules.
 * The watcher is on when the ops conversation is set, and off otherwise (doctor says so); a threshold
 * set without the conversation is a mistake, refused at start like any other bad key.
 */
import type { AlertSettings } from '../core/alerts/types.ts';
import { conversationId, int } from './fields.ts';

export const ALERT_FIELDS = {
  /** The Teams channel the alert cards go to; unset: the watcher is off. */
  HM_ALERTS_CONVERSATION_ID: conversationId.optional(),
  HM_ALERTS_INTERVAL_SECONDS: int(1, 86_400).optional(),
  HM_ALERTS_STALE_SYNC_MINUTES: int(1, 43_200).optional(),
  HM_ALERTS_PASSWORD_SYNC_MINUTES: int(1, 10_080).optional(),
  HM_ALERTS_LONG_CYCLE_MINUTES: int(1, 10_080).optional(),
  HM_ALERTS_CREDENTIAL_DAYS: int(1, 365).optional(),
  HM_ALERTS_SUPPORT_DAYS: int(1, 730).optional(),
};

type AlertEnv = {
  readonly [K in keyof typeof ALERT_FIELDS]?:
    (K extends 'HM_ALERTS_CONVERSATION_ID' ? string : number) | undefined;
};

export const ALERT_DEFAULTS = {
  intervalSeconds: 300,
  passwordSyncMinutes: 120,
  credentialDays: 30,
  supportDays: 180,
} as const;

export const alertsFrom = (env: AlertEnv, problems: string[]): AlertSettings | null => {
  const conversation = env.HM_ALERTS_CONVERSATION_ID;
  if (conversation === undefined) {
    const set = Object.keys(ALERT_FIELDS).filter(
      (k) => k !== 'HM_ALERTS_CONVERSATION_ID' && env[k as keyof AlertEnv] !== undefined,
    );
    if (set.length > 0)
      problems.push(
        `HM_ALERTS_CONVERSATION_ID: required when ${set.join(', ')} is set (the watcher posts there)`,
      );
    return null;
  }
  return {
    conversationId: conversation,
    intervalMs: (env.HM_ALERTS_INTERVAL_SECONDS ?? ALERT_DEFAULTS.intervalSeconds) * 1000,
    staleSyncMinutes: env.HM_ALERTS_STALE_SYNC_MINUTES ?? null,
    passwordSyncMinutes: env.HM_ALERTS_PASSWORD_SYNC_MINUTES ?? ALERT_DEFAULTS.passwordSyncMinutes,
    longCycleMinutes: env.HM_ALERTS_LONG_CYCLE_MINUTES ?? null,
    credentialDays: env.HM_ALERTS_CREDENTIAL_DAYS ?? ALERT_DEFAULTS.credentialDays,
    supportDays: env.HM_ALERTS_SUPPORT_DAYS ?? ALERT_DEFAULTS.supportDays,
  };
};
