/**
 * Starting the relay agent from its configuration, shared by the `hardmatch-relay` entry point
 * (relay/main.ts) and `hardmatch relay serve`: reads the agent's configuration, builds the runner
 * (PowerShell on the Entra Connect server, or the simulator), starts the listener and stops cleanly on
 * SIGINT/SIGTERM (the Windows service wrapper sends these).
 */
import { createLogger, type Logger } from '../config/logger.ts';
import { startRelayAgent, type RelayAgent } from './agent.ts';
import { loadRelayAgentConfig, type RelayAgentConfig } from './config.ts';
import { PowerShellRunner } from './powershell-runner.ts';
import type { ScriptRunner } from './script-runner.ts';

/** The runner for the configured mode; the simulator is loaded only when asked for. */
export const createRunner = async (config: RelayAgentConfig, logger: Logger): Promise<ScriptRunner> => {
  if (config.mode === 'powershell')
    return new PowerShellRunner({ powershellPath: config.powershellPath, timeoutMs: config.scriptTimeoutMs });
  const { createStandaloneSimulator } = await import('../sandbox/entra-connect/standalone.ts');
  logger.warn('HM_RELAY_MODE=simulator: answering from the Entra Connect simulator, not a real server');
  return createStandaloneSimulator(config.simulator).simulator;
};

/** Loads config from `env`, starts the agent and wires shutdown signals. Throws CONFIG.INVALID early. */
export const runRelayAgent = async (
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<RelayAgent> => {
  const config = loadRelayAgentConfig(env);
  const logger = createLogger({
    name: 'hardmatch-relay',
    level: config.logLevel,
    ...(config.logFile === null ? {} : { destination: config.logFile }),
  });
  const agent = await startRelayAgent({ config, runner: await createRunner(config, logger), logger });
  const stop = (signal: string) => {
    logger.info({ signal }, 'relay agent stopping');
    void agent.close().then(() => logger.flush());
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return agent;
};
