/**
 * The bot's production entry point: `node bot/main.ts`. Configuration is validated at start; a bad or
 * unsafe combination (local mode off loopback, local mode with an app id) stops it with exit status 2
 * and one log line naming every bad key (no stack trace); any other failure to start exits 1.
 */
import { loadConfig } from '../config/config.ts';
import { createLogger, type Logger } from '../config/logger.ts';
import { isDomainError } from '../core/errors.ts';
import { doctorAtStartup } from '../doctor/startup.ts';
import { resolveBotAuth } from './auth.ts';
import { composeFromConfig } from './compose.ts';
import { startBotServer } from './server.ts';

// Until the configuration (and so LOG_LEVEL) is known, a logger at the default level reports failures.
let log: Logger = createLogger({ name: 'hardmatch-bot', level: 'info' });

const main = async (): Promise<void> => {
  const config = loadConfig();
  log = createLogger({ name: 'hardmatch-bot', level: config.env.LOG_LEVEL });
  const auth = resolveBotAuth(config.env);
  const composition = await composeFromConfig(config, log);
  const server = await startBotServer({
    auth,
    port: config.env.PORT,
    workflow: composition.workflow,
    log,
  });
  // The self-test (hardmatch doctor) in the background: it logs what fails, and never holds start-up.
  void doctorAtStartup(config, log);
  const stop = (signal: string) => {
    log.info({ signal }, 'stopping');
    void server.close().then(() => composition.close());
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
};

main().catch((e: unknown) => {
  // A configuration problem is expected and explained; anything else is logged in full.
  if (isDomainError(e)) log.fatal({ code: e.code, problems: e.details['problems'] }, e.message);
  else log.fatal({ err: e }, 'the bot could not start');
  process.exitCode = isDomainError(e) && e.code === 'CONFIG.INVALID' ? 2 : 1;
});
