/**
 * One bot instance in its own process: the bot server in local mode on a free loopback port, its
 * requests, jobs and audit in the shared Azure Blob container (Azurite), Graph and the relay through the
 * real connectors, the AD served by the test over loopback RPC. Prints `READY <url>` when listening.
 * argv: connection-string container ad-url endpoints-json settings-json [env-json: extra settings]
 */
import { loadConfig } from '../../../config/config.ts';
import { createLogger } from '../../../config/logger.ts';
import { workflowInput } from '../../../bot/compose.ts';
import { startBotServer } from '../../../bot/server.ts';
import { createBlobStorage } from '../../../connectors/store/create-storage.ts';
import type { GatherSettings } from '../../../core/gather.ts';
import { SANDBOX_IDS } from '../../../sandbox/graph/scenarios.ts';
import { connectTo, type WorldEndpoints } from '../../fakes/job-world.ts';
import { remoteDirectory } from '../jobs/port-rpc.ts';

const [connection, container, adUrl, endpoints, settingsJson, envJson] = process.argv.slice(2);
const settings = JSON.parse(settingsJson!) as GatherSettings;
const log = createLogger({ level: 'silent' });
const storage = await createBlobStorage(connection!, container!);
const config = loadConfig({
  HM_LOCAL_MODE: 'true',
  HM_REQUESTERS_GROUP_ID: SANDBOX_IDS.requestersGroup,
  HM_APPROVERS_GROUP_ID: SANDBOX_IDS.approversGroup,
  HM_SOURCE_ANCHOR: settings.sourceAnchor,
  ...(settings.parkingOuDn === null ? {} : { HM_PARKING_OU: settings.parkingOuDn }),
  ...(settings.newUserOuDn == null ? {} : { HM_NEW_USER_OU: settings.newUserOuDn }),
  ...(envJson === undefined ? {} : (JSON.parse(envJson) as Record<string, string>)),
});
const ports = { onPrem: remoteDirectory(adUrl!), ...connectTo(JSON.parse(endpoints!) as WorldEndpoints) };
const bot = await startBotServer({
  auth: { mode: 'local', host: '127.0.0.1', tenantId: null },
  port: 0,
  workflow: {
    ...workflowInput(ports, config, storage, log),
    timing: { pollAttempts: 5, pollDelayMs: 10, syncTimeoutMs: 10_000 },
    workflow: {
      approversConversationId: null,
      syncNowIntervalMs: config.env.HM_SYNC_NOW_INTERVAL_SECONDS * 1000,
      jobStartDelayMs: 0,
    },
  },
  log,
});
process.stdout.write(`READY ${bot.url}\n`);
process.once('SIGTERM', () => void bot.close().then(() => process.exit(0)));
