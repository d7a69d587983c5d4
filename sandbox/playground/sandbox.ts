/**
 * The whole sandbox in one call: the simulated world, the bot in local mode (loopback, no app id) and,
 * optionally, the Agents Playground. Used by `npm start`, the end-to-end tests and the benchmarks.
 */
import { loadConfig } from '../../config/config.ts';
import type { Logger } from '../../config/logger.ts';
import { workflowInput } from '../../bot/compose.ts';
import { startBotServer, type BotServer } from '../../bot/server.ts';
import { createSqliteStorage } from '../../connectors/store/create-storage.ts';
import { SANDBOX_IDS } from '../graph/scenarios.ts';
import { ensurePortFree, PLAYGROUND_TENANT_ID, startPlayground, type Playground } from './playground.ts';
import { PARKING_OU_DN, startWorld, type SandboxWorld } from './world.ts';

/** The mock team's Identity channel (.m365agentsplayground.yml): where the sandbox's alerts go. */
export const SANDBOX_OPS_CHANNEL = '19:identity@thread.tacv2';

export interface SandboxOptions {
  /** Bot port; the playground's --app-endpoint points here (default 3978). 0 for any (no playground). */
  readonly botPort?: number;
  /** null: do not start the playground. Default 56150. */
  readonly playgroundPort?: number | null;
  readonly seededUsers?: number;
  readonly cycleMs?: number;
  readonly log: Logger;
  /** Extra settings for the bot (e.g. HM_APPROVAL_TTL_HOURS, HM_EXPIRY_SWEEP_SECONDS in tests). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface Sandbox {
  readonly world: SandboxWorld;
  readonly bot: BotServer;
  readonly playground: Playground | null;
  stop(): Promise<void>;
}

export const startSandbox = async (o: SandboxOptions): Promise<Sandbox> => {
  const botPort = o.botPort ?? 3978;
  if (botPort !== 0) await ensurePortFree(botPort, 'bot');
  const world = await startWorld({ log: o.log, ...pick(o) });
  // The sandbox's own settings, through the one config module: local mode, and the parking OU the
  // simulated Entra Connect does not sync.
  // Requests and jobs live in a throwaway SQLite database; the groups are the simulated tenant's. The
  // sync-health watcher is on, posting to the team's Identity channel, with a short interval.
  const config = loadConfig({
    HM_LOCAL_MODE: 'true',
    HM_PARKING_OU: PARKING_OU_DN,
    HM_REQUESTERS_GROUP_ID: SANDBOX_IDS.requestersGroup,
    HM_APPROVERS_GROUP_ID: SANDBOX_IDS.approversGroup,
    HM_ALERTS_CONVERSATION_ID: SANDBOX_OPS_CHANNEL,
    HM_ALERTS_INTERVAL_SECONDS: '15',
    ...o.env,
  });
  const storage = createSqliteStorage(':memory:');
  let bot: BotServer | null = null;
  let playground: Playground | null = null;
  const stop = async () => {
    await playground?.stop();
    await bot?.close();
    await world.close();
    storage.close();
  };
  try {
    bot = await startBotServer({
      auth: { mode: 'local', host: '127.0.0.1', tenantId: PLAYGROUND_TENANT_ID },
      port: botPort,
      workflow: workflowInput(world.ports, config, storage, o.log),
      log: o.log,
    });
    if (o.playgroundPort !== null)
      playground = await startPlayground({ botUrl: bot.url, port: o.playgroundPort ?? 56150 });
  } catch (e) {
    await stop();
    throw e;
  }
  return { world, bot, playground, stop };
};

const pick = (o: SandboxOptions) => ({
  ...(o.seededUsers === undefined ? {} : { seededUsers: o.seededUsers }),
  ...(o.cycleMs === undefined ? {} : { cycleMs: o.cycleMs }),
});
