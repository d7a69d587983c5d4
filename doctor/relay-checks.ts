/**
 * Doctor's relay checks (read-only operations only): the agent reachable, this bot's key accepted, the
 * two clocks close enough for the signed requests, the Entra Connect version and its support status,
 * staging mode, and the sync scope (which the OU checks then use).
 */
import type { RelayClientConfig } from '../config/config.ts';
import { isDomainError, type DomainError } from '../core/errors.ts';
import type { SyncScope } from '../core/models.ts';
import type { RelayClient } from '../connectors/relay/relay-client.ts';
import { connectVersionCheck } from './connect-versions.ts';
import { fail, pass, warn, type DoctorCheck } from './types.ts';

/** Beyond this the clocks are worth fixing; the agent refuses requests past HM_RELAY_CLOCK_SKEW_SEC (300 s). */
const SKEW_WARN_MS = 60_000;

export interface RelayDoctorResult {
  readonly checks: DoctorCheck[];
  /** The OU filtering, when it could be read: the AD checks judge the parking and new-user OUs with it. */
  readonly scope: SyncScope | null;
}

const errorText = (e: DomainError) => `${e.message} [${e.code}]`;

const connectionChecks = (config: RelayClientConfig, e: DomainError): DoctorCheck[] => {
  const host = new URL(config.url).host;
  if (e.code === 'RELAY.UNAVAILABLE' || e.code === 'RELAY.TIMEOUT')
    return [
      fail(
        'relay.reachable',
        `The relay agent at ${host} could not be reached: ${errorText(e)}.`,
        'Check that the agent runs on the Entra Connect server (docs/relay-agent.md), RELAY_URL, the firewall and TLS trust.',
      ),
    ];
  if (e.code !== 'RELAY.UNAUTHORIZED')
    return [
      fail('relay.reachable', `The relay agent at ${host} failed: ${errorText(e)}.`, 'See the agent log.'),
    ];
  const reached = pass('relay.reachable', `The relay agent at ${host} answered.`);
  if (/stale timestamp|check clocks/i.test(e.message))
    return [
      reached,
      fail(
        'relay.clock',
        `The agent refused the request's timestamp: this server's and the Entra Connect server's clocks are more than its allowed skew (HM_RELAY_CLOCK_SKEW_SEC, 300 s by default) apart.`,
        'Sync both clocks with NTP (w32tm /resync on the Entra Connect server).',
      ),
    ];
  return [
    reached,
    fail(
      'relay.key',
      `The agent refused this bot's signature: ${errorText(e)}.`,
      `Compare RELAY_AGENT_ID (${config.agentId}) and RELAY_KEY with the agent's HM_RELAY_AGENT_ID/HM_RELAY_KEY or HM_RELAY_AGENTS.`,
    ),
  ];
};

const clockCheck = (serverTimeUtc: string, now: Date): DoctorCheck => {
  const server = Date.parse(serverTimeUtc);
  if (Number.isNaN(server))
    return warn(
      'relay.clock',
      `The server's clock could not be read ('${serverTimeUtc}').`,
      'Check both clocks (NTP).',
    );
  const skew = Math.round((server - now.getTime()) / 1000);
  const text = `The Entra Connect server's clock is ${Math.abs(skew)} s ${skew >= 0 ? 'ahead of' : 'behind'} this one`;
  return Math.abs(skew * 1000) <= SKEW_WARN_MS
    ? pass('relay.clock', `${text}.`)
    : warn(
        'relay.clock',
        `${text}: signed requests fail once it passes the agent's allowed skew (HM_RELAY_CLOCK_SKEW_SEC, 300 s by default).`,
        'Sync both clocks with NTP.',
      );
};

export const relayChecks = async (
  config: RelayClientConfig,
  relay: RelayClient,
  requestId: string,
  now: () => Date,
): Promise<RelayDoctorResult> => {
  const checks: DoctorCheck[] = [];
  try {
    const info = await relay.getServerInfo(requestId);
    checks.push(
      pass('relay.reachable', `The relay agent at ${new URL(config.url).host} answered.`),
      pass('relay.key', `Signed requests are accepted for agent id ${config.agentId}.`),
      clockCheck(info.serverTimeUtc, now()),
      connectVersionCheck(info.connectVersion, now()),
    );
  } catch (e) {
    if (!isDomainError(e)) throw e;
    if (e.code === 'RELAY.REFUSED' && /allow-list/.test(e.message)) {
      checks.push(
        pass('relay.reachable', `The relay agent at ${new URL(config.url).host} answered.`),
        pass('relay.key', `Signed requests are accepted for agent id ${config.agentId}.`),
        warn(
          'relay.connect-version',
          'The agent is older than this bot and cannot report the Entra Connect version.',
          'Update the relay agent on the Entra Connect server.',
        ),
      );
    } else {
      return { checks: connectionChecks(config, e), scope: null };
    }
  }
  try {
    const s = await relay.getSchedulerStatus(requestId);
    checks.push(
      s.stagingModeEnabled
        ? fail(
            'relay.staging-mode',
            'The Entra Connect server the relay runs on is in staging mode: it exports nothing, so a sync there fixes nothing.',
            'Install the relay agent on the active Entra Connect server (or take this one out of staging mode).',
          )
        : pass('relay.staging-mode', 'Entra Connect is active (not in staging mode).'),
    );
  } catch (e) {
    if (!isDomainError(e)) throw e;
    checks.push(
      warn(
        'relay.staging-mode',
        `The scheduler could not be read: ${errorText(e)}.`,
        'Run Get-ADSyncScheduler on the server.',
      ),
    );
  }
  try {
    const scope = await relay.getSyncScope(requestId);
    checks.push(
      pass(
        'relay.sync-scope',
        `Entra Connect syncs ${scope.inclusions.length} OU(s)${scope.exclusions.length > 0 ? `, excluding ${scope.exclusions.length}` : ''}${scope.groupFilteringGroupDn === null ? '' : `, members of ${scope.groupFilteringGroupDn} only`}.`,
      ),
    );
    return { checks, scope };
  } catch (e) {
    if (!isDomainError(e)) throw e;
    checks.push(
      warn('relay.sync-scope', `The sync scope could not be read: ${errorText(e)}.`, 'See the agent log.'),
    );
    return { checks, scope: null };
  }
};
