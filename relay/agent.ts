/**
 * Composition of the relay agent: verifier + handler + the configured listener around a ScriptRunner.
 * The runner is passed in so the same agent serves the real server (PowerShellRunner), the sandbox and
 * the tests (the Entra Connect simulator).
 */
import type { Logger } from 'pino';
import { RequestVerifier } from './auth.ts';
import { openNonceJournal } from './nonce-journal.ts';
import type { RelayAgentConfig } from './config.ts';
import { createRelayHandler } from './handler.ts';
import { listenDirect, type RunningListener } from './listeners.ts';
import type { ScriptRunner } from './script-runner.ts';

export interface RelayAgent extends RunningListener {
  readonly verifier: RequestVerifier;
}

export interface StartRelayAgentOptions {
  readonly config: RelayAgentConfig;
  readonly runner: ScriptRunner;
  readonly logger: Logger;
}

/** Starts listening (direct or Azure Relay, per config) and resolves once requests can arrive. */
export const startRelayAgent = async ({
  config,
  runner,
  logger,
}: StartRelayAgentOptions): Promise<RelayAgent> => {
  const journal = openNonceJournal(config.nonceFile);
  const verifier = new RequestVerifier({
    agents: config.agents,
    clockSkewSeconds: config.clockSkewSeconds,
    journal,
  });
  const handler = createRelayHandler({
    runner,
    verifier,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    maxConcurrent: config.maxConcurrent,
  });
  let listener: RunningListener;
  try {
    listener =
      config.listener.kind === 'direct'
        ? await listenDirect(config.listener, handler, config.maxBodyBytes, logger)
        : await (
            await import('./hyco-listener.ts')
          ).listenHyco(config.listener, handler, config.maxBodyBytes, logger);
  } catch (e) {
    journal.close();
    throw e;
  }
  logger.info(
    {
      url: listener.url,
      listener: config.listener.kind,
      mode: config.mode,
      agents: [...config.agents.keys()],
    },
    'relay agent listening',
  );
  return {
    ...listener,
    verifier,
    close: async () => {
      await listener.close();
      journal.close();
    },
  };
};
