/**
 * Starting the relay agent from its configuration, shared by the `hardmatch-relay` entry point
 * (relay/main.ts) and `hardmatch relay serve`: reads the agent's configuration, builds the runner
 * (PowerShell on the Entra Connect server, or the simulator that the sandbox's entry points inject - the
 * agent itself never loads sandbox code), starts the listener and stops cleanly on SIGINT/SIGTERM (the
 * Windows service wrapper sends these).
 */
import { mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { createLogger, type Logger } from '../config/logger.ts';
import { DomainError } from '../core/errors.ts';
import { startRelayAgent, type RelayAgent } from './agent.ts';
import { loadRelayAgentConfig, type RelayAgentConfig } from './config.ts';
import { PowerShellRunner } from './powershell-runner.ts';
import type { ScriptRunner } from './script-runner.ts';

/** Builds the simulated Entra Connect runner for HM_RELAY_MODE=simulator (supplied by the sandbox). */
export type SimulatorFactory = (config: RelayAgentConfig, logger: Logger) => Promise<ScriptRunner>;

/** The runner for the configured mode. */
export const createRunner = async (
  config: RelayAgentConfig,
  logger: Logger,
  simulator?: SimulatorFactory,
): Promise<ScriptRunner> => {
  if (config.mode === 'powershell')
    return new PowerShellRunner({ powershellPath: config.powershellPath, timeoutMs: config.scriptTimeoutMs });
  if (simulator === undefined)
    throw new DomainError(
      'CONFIG.INVALID',
      'Configuration is invalid: HM_RELAY_MODE=simulator is for trying the product out: run it through `hardmatch relay serve` or `node sandbox/relay-agent.ts`, not the hardmatch-relay service.',
      { details: { problems: ['HM_RELAY_MODE: simulator is not available in the relay service'] } },
    );
  logger.warn('HM_RELAY_MODE=simulator: answering from the Entra Connect simulator, not a real server');
  return simulator(config, logger);
};

/**
 * The log file, opened before anything starts: a file that cannot be written stops the agent with the
 * key named (pino's asynchronous open used to fail later, leaving the agent running with no log).
 */
const openLogFile = (path: string): number => {
  try {
    mkdirSync(dirname(path), { recursive: true });
    return openSync(path, 'a', 0o640);
  } catch (e) {
    const problem = `HM_RELAY_LOG_FILE: ${path} cannot be written (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
    throw new DomainError('CONFIG.INVALID', `Relay agent configuration is invalid: ${problem}`, {
      details: { problems: [problem] },
    });
  }
};

/** Loads config from `env`, starts the agent and wires shutdown signals. Throws CONFIG.INVALID early. */
export const runRelayAgent = async (
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: { readonly simulator?: SimulatorFactory } = {},
): Promise<RelayAgent> => {
  const config = loadRelayAgentConfig(env);
  const logger = createLogger({
    name: 'hardmatch-relay',
    level: config.logLevel,
    ...(config.logFile === null ? {} : { destination: openLogFile(config.logFile) }),
  });
  const agent = await startRelayAgent({
    config,
    runner: await createRunner(config, logger, options.simulator),
    logger,
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'relay agent stopping');
    void agent.close().then(() => logger.flush());
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return agent;
};
