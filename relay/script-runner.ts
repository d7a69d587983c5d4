/**
 * The seam between the agent's HTTP API and Entra Connect: `run(operation, params)`. Two implementations:
 * the PowerShell runner (the real server) and the Entra Connect simulator (sandbox and tests). Both
 * answer in the same domain shapes and fail with the same DomainError codes:
 * - RELAY.BUSY: a sync cycle is running ("AAD is busy"), the caller may retry later;
 * - RELAY.STAGING_MODE: the server is in staging mode, a sync would export nothing;
 * - RELAY.TIMEOUT: the script did not finish in time;
 * - RELAY.FAILED: the cmdlet failed (message says why).
 */
import type { OperationName, OperationParams, OperationResult } from './operations.ts';

export interface RunContext {
  /** Who asked (the bot's request id), for the runner's own logs. */
  readonly requestId: string;
}

export interface ScriptRunner {
  /** Runs one allow-listed operation with already-validated parameters. */
  run<N extends OperationName>(
    operation: N,
    params: OperationParams<N>,
    context: RunContext,
  ): Promise<OperationResult<N>>;
}
