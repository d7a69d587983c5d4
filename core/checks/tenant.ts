/** Checks on the tenant's sync settings and on Entra Connect as the relay sees it. */
import type { MatchFacts } from '../facts.ts';
import { isLinked, unreadReason } from './derive.ts';
import { check, type CheckResult } from './types.ts';

/** How a person reads the tenant's sync features when the app may not (delegated, Global Administrator). */
const FEATURES_BY_HAND =
  'a Global Administrator runs Get-EntraDirSyncFeature (Entra PowerShell) or, in Graph Explorer, GET https://graph.microsoft.com/v1.0/directory/onPremisesSynchronization';

const featuresReason = (facts: MatchFacts): string => {
  const u = facts.cloud.unread.features;
  return u === undefined ? 'no answer' : unreadReason(u);
};

export const takeoverBlock = (facts: MatchFacts): CheckResult | null => {
  const f = facts.cloud.features;
  if (isLinked(facts)) return null;
  if (f === null) {
    // Unknown, never a pass: with the block on, the sync fails with InvalidHardMatch after the writes.
    return check(
      'tenant.takeover-block',
      'warn',
      "Tenant's hard-match takeover block unknown",
      `The bot could not read whether the tenant blocks taking over cloud accounts by hard match (${featuresReason(facts)}; Microsoft documents no app-only access to these settings). Before approving, ${FEATURES_BY_HAND}, and looks at blockCloudObjectTakeoverThroughHardMatchEnabled: false, the match can go ahead; true, a Hybrid Identity Administrator turns it off only while matching, or the sync fails with InvalidHardMatch.`,
      { blockCloudObjectTakeoverThroughHardMatchEnabled: null, unread: facts.cloud.unread.features ?? null },
    );
  }
  if (!f.blockCloudObjectTakeoverThroughHardMatchEnabled) {
    return check(
      'tenant.takeover-block',
      'pass',
      'Tenant allows hard match',
      "The tenant's protection against taking over cloud accounts by hard match is off, so the match can go through.",
      { blockCloudObjectTakeoverThroughHardMatchEnabled: false },
    );
  }
  return check(
    'tenant.takeover-block',
    'block',
    'Tenant blocks hard match',
    "The tenant blocks taking over cloud accounts by hard match (blockCloudObjectTakeoverThroughHardMatchEnabled), so the sync would fail with InvalidHardMatch. Microsoft's guidance: a Hybrid Identity Administrator turns the block off only while matching, and back on right after. Ask them, then check again.",
    { blockCloudObjectTakeoverThroughHardMatchEnabled: true },
  );
};

export const features = (facts: MatchFacts): CheckResult => {
  const { cloud } = facts;
  return cloud.features === null
    ? check(
        'tenant.features',
        'warn',
        "Tenant's sync settings unknown",
        `The bot could not read the tenant's sync settings (${featuresReason(facts)}). Reading them needs OnPremDirectorySynchronization.Read.All, and Microsoft documents no app-only support, so some tenants refuse it. Without them the bot cannot predict soft matching; to see them, ${FEATURES_BY_HAND}.`,
        { unread: cloud.unread.features ?? null },
      )
    : check(
        'tenant.features',
        'pass',
        "Tenant's sync settings read",
        "The tenant's sync settings were read.",
        {
          ...cloud.features,
        },
      );
};

export const relayReachable = (facts: MatchFacts): CheckResult => {
  const status = facts.relayStatus;
  if (status?.kind === 'ok' || (status === undefined && facts.scheduler !== null)) {
    return check(
      'relay.reachable',
      'pass',
      'Entra Connect reachable',
      'The Entra Connect server answered through the relay agent.',
      {},
    );
  }
  const manual =
    'The bot cannot start the sync or check the sync scope: when the plan reaches a sync step, an administrator runs Start-ADSyncSyncCycle -PolicyType Delta on the Entra Connect server.';
  if (status?.kind === 'not-configured') {
    return check('relay.reachable', 'warn', 'No relay agent', `No relay agent is configured. ${manual}`, {
      status: 'not-configured',
    });
  }
  const reason = status?.kind === 'failed' ? `${status.message} [${status.code}]` : 'no answer';
  return check(
    'relay.reachable',
    'warn',
    'Entra Connect not reachable',
    `The relay agent on the Entra Connect server did not answer (${reason}). ${manual}`,
    {
      status: 'failed',
      ...(status?.kind === 'failed' ? { code: status.code, message: status.message } : {}),
    },
  );
};

export const stagingMode = ({ scheduler }: MatchFacts): CheckResult => {
  if (scheduler === null) {
    return check(
      'relay.staging-mode',
      'warn',
      'Staging mode unknown',
      'Entra Connect could not be asked through the relay whether it is in staging mode (a server in staging mode exports nothing, so its sync would fix nothing). Check on the Entra Connect server that Get-ADSyncScheduler shows StagingModeEnabled False before the plan reaches its sync step.',
      { stagingModeEnabled: null },
    );
  }
  return scheduler.stagingModeEnabled
    ? check(
        'relay.staging-mode',
        'block',
        'Entra Connect is in staging mode',
        'The Entra Connect server the relay talks to is in staging mode: it exports nothing, so a sync there would fix nothing. Point the relay at the active Entra Connect server.',
        { stagingModeEnabled: true },
      )
    : check(
        'relay.staging-mode',
        'pass',
        'Entra Connect is active',
        'The Entra Connect server exports changes (not in staging mode).',
        {
          stagingModeEnabled: false,
        },
      );
};

export const syncInProgress = ({ scheduler }: MatchFacts): CheckResult | null => {
  if (scheduler === null || !scheduler.syncCycleInProgress) return null;
  return check(
    'relay.sync-in-progress',
    'warn',
    'A sync is running',
    'Entra Connect is in the middle of a sync right now. The job waits for it to finish before each of its own sync steps; nothing needs doing.',
    { syncCycleInProgress: true, nextSyncCycleStartTimeInUtc: scheduler.nextSyncCycleStartTimeInUtc },
  );
};

/**
 * A suspended or disabled scheduler: automatic syncs are off and Entra Connect may refuse a manual cycle
 * too, in which case the job stops at its first sync step. Warn so nobody is surprised.
 */
export const schedulerOff = ({ scheduler }: MatchFacts): CheckResult | null => {
  if (scheduler === null || (scheduler.syncCycleEnabled && !scheduler.schedulerSuspended)) return null;
  const state = scheduler.schedulerSuspended ? 'suspended' : 'disabled';
  return check(
    'relay.scheduler',
    'warn',
    `Entra Connect scheduler ${state}`,
    `The Entra Connect scheduler is ${state} (for example during an upgrade or maintenance), so no automatic syncs run and the bot's own sync may be refused. If it is, the job stops at its sync step and says so; an administrator re-enables the scheduler (Set-ADSyncScheduler) and the job can be retried.`,
    { syncCycleEnabled: scheduler.syncCycleEnabled, schedulerSuspended: scheduler.schedulerSuspended },
  );
};

export const TENANT_CHECKS = [
  takeoverBlock,
  features,
  relayReachable,
  stagingMode,
  syncInProgress,
  schedulerOff,
] as const;
