/** Doctor's word on the sync-health watcher: on (where it posts, how often) or off, and how to turn it on. */
import type { AppConfig } from '../config/config.ts';
import { pass, warn, type DoctorCheck } from './types.ts';

export const alertsCheck = (config: AppConfig): DoctorCheck => {
  const a = config.alerts;
  if (a === null)
    return warn(
      'alerts.watcher',
      'The sync-health watcher is off (HM_ALERTS_CONVERSATION_ID is not set): nobody is told of new sync errors, a stale sync, a missing password sync heartbeat or an Entra Connect version near its end.',
      "Set HM_ALERTS_CONVERSATION_ID to the ops channel's conversation id: @mention the bot there with alerts, which shows it (README: Sync-health alerts).",
    );
  return pass(
    'alerts.watcher',
    `The sync-health watcher looks every ${Math.round(a.intervalMs / 1000)} s and posts to ${a.conversationId}${config.relay === null ? ' (Graph only: with no relay agent it cannot see the scheduler, the runs or the Entra Connect version)' : ''}.`,
  );
};
