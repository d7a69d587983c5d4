/**
 * The bot's production entry point: `node bot/main.ts`. Configuration is validated at start; a bad or
 * unsafe combination (local mode off loopback, local mode with an app id) stops it with the reason.
 */
import { loadConfig } from '../config/config.ts';
import { createLogger } from '../config/logger.ts';
import { isDomainError } from '../core/errors.ts';
import { doctorAtStartup } from '../doctor/startup.ts';
import { resolveBotAuth } from './auth.ts';
import { composeFromConfig } from './compose.ts';
import { startBotServer } from './server.ts';

const log = createLogger({ name: 'hardmatch-bot' });

const main = async (): Promise<void> => {
  const config = loadConfig();
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
  if (isDomainError(e)) log.fatal({ code: e.code }, e.message);
  else log.fatal({ err: e }, 'the bot could not start');
  process.exitCode = 1;
});
