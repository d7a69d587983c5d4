/**
 * The SyncRelay port over HTTP: signs every request for the relay agent (relay/protocol.ts), bounds it
 * with RELAY_TIMEOUT_MS, retries only what is safe to repeat, validates every answer against the
 * operation's result schema, and turns HTTP outcomes into domain errors with stable RELAY.* codes.
 *
 * What is retried, and why:
 * - reads (scheduler status, wait, run results, scope): no effect, always safe;
 * - delta sync: safe because the agent JOINS a running cycle instead of failing or starting another, so a
 *   repeat after a lost answer either starts the cycle the first attempt did not, or joins the one it did;
 * - never initial sync (heavy, and the guard must see the operator's single intent), single-object sync
 *   (throttled by Microsoft, five minutes between runs) or the service restart (a repeat would interrupt).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { RelayClientConfig } from '../../config/config.ts';
import { DomainError, invalidInput, type ErrorCode } from '../../core/errors.ts';
import type { SchedulerStatus } from '../../core/models.ts';
import type { SyncRelay } from '../../core/ports.ts';
import {
  MAX_WAIT_MS,
  operationResultSchemas,
  type OperationInput,
  type OperationName,
  type OperationResult,
} from '../../relay/operations.ts';
import { HEADERS, OPERATIONS_PATH, REQUEST_ID_PATTERN, signedHeaders } from '../../relay/protocol.ts';
import { sasTokenFor } from '../../relay/sas-token.ts';

/** Azure Relay sender credentials, when RELAY_URL is a Hybrid Connection (`https://<ns>/<hc>`). */
export interface RelaySasCredentials {
  readonly keyName: string;
  readonly key: string;
}

export interface RelayClientOptions {
  /** Overrides `config.sas` (RELAY_SAS_KEY_NAME / RELAY_SAS_KEY). */
  readonly sas?: RelaySasCredentials;
  /** Extra attempts for retryable operations (default 2). */
  readonly retries?: number;
  /** First backoff delay; doubles per attempt (default 250 ms). */
  readonly retryDelayMs?: number;
  /** Longest single server-side wait inside waitUntilIdle; progress is reported after each (default 10 s). */
  readonly waitSliceMs?: number;
  /** How often the agent re-reads the scheduler while waiting (default 2 s). */
  readonly pollMs?: number;
}

/** SyncRelay plus the operation the port leaves out on purpose (never part of a match). */
export interface RelayClient extends SyncRelay {
  startInitialSync(requestId: string, confirm: true): Promise<{ readonly started: true }>;
}

const RETRYABLE_OPERATIONS: ReadonlySet<OperationName> = new Set([
  'scheduler-status',
  'wait-until-idle',
  'run-results',
  'sync-scope',
  'server-info',
  'sync-credential',
  'delta-sync',
]);
const KNOWN_CODES: ReadonlySet<string> = new Set([
  'INPUT.INVALID',
  'RELAY.BUSY',
  'RELAY.STAGING_MODE',
  'RELAY.UNAUTHORIZED',
  'RELAY.REFUSED',
  'RELAY.UNAVAILABLE',
  'RELAY.TIMEOUT',
  'RELAY.FAILED',
]);
const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set(['RELAY.UNAVAILABLE', 'RELAY.TIMEOUT']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const errorFromResponse = (status: number, body: unknown, requestId: string): DomainError => {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code === 'string' && typeof error.message === 'string') {
    const code = (KNOWN_CODES.has(error.code) ? error.code : 'RELAY.FAILED') as ErrorCode;
    return new DomainError(code, `Relay agent: ${error.message}`, {
      requestId,
      details: { status },
      retryable: code === 'RELAY.BUSY' || TRANSIENT_CODES.has(code),
    });
  }
  // Not the agent's JSON: Azure Relay itself answered (no listener connected, bad SAS) or a proxy did.
  const code: ErrorCode = status === 401 || status === 403 ? 'RELAY.UNAUTHORIZED' : 'RELAY.UNAVAILABLE';
  return new DomainError(code, `The relay agent could not be reached (HTTP ${status}).`, {
    requestId,
    details: { status },
    retryable: code === 'RELAY.UNAVAILABLE',
  });
};

/** Creates the relay client. `config` comes from config/config.ts (RELAY_URL, RELAY_AGENT_ID, RELAY_KEY...). */
export const createRelayClient = (
  config: RelayClientConfig,
  logger?: Logger,
  options: RelayClientOptions = {},
): RelayClient => {
  const base = config.url.replace(/\/+$/, '');
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 250;
  const waitSliceMs = Math.min(options.waitSliceMs ?? 10_000, MAX_WAIT_MS);
  const pollMs = options.pollMs ?? 2_000;
  const sas = options.sas ?? config.sas;

  const once = async <N extends OperationName>(
    operation: N,
    params: OperationInput<N>,
    requestId: string,
    timeoutMs: number,
  ): Promise<OperationResult<N>> => {
    const path = `${OPERATIONS_PATH}/${operation}`;
    const body = JSON.stringify(params);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...signedHeaders({ key: config.key, agentId: config.agentId, method: 'POST', path, body, requestId }),
    };
    // A short-lived token per request: nothing long-lived to leak from a proxy log.
    if (sas !== undefined)
      headers[HEADERS.serviceBusAuthorization] = sasTokenFor(base, sas.keyName, sas.key, 300);
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      throw new DomainError(
        timedOut ? 'RELAY.TIMEOUT' : 'RELAY.UNAVAILABLE',
        timedOut
          ? `The relay agent did not answer ${operation} within ${timeoutMs} ms.`
          : `The relay agent at ${new URL(base).host} could not be reached.`,
        { requestId, retryable: true, cause: e },
      );
    }
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) throw errorFromResponse(response.status, json, requestId);
    const parsed = operationResultSchemas[operation].safeParse((json as { result?: unknown } | null)?.result);
    if (!parsed.success)
      throw new DomainError('RELAY.FAILED', `The relay agent answered ${operation} in an unexpected shape.`, {
        requestId,
      });
    return parsed.data;
  };

  const call = async <N extends OperationName>(
    operation: N,
    params: OperationInput<N>,
    requestId: string,
    extraTimeoutMs = 0,
  ): Promise<OperationResult<N>> => {
    // The agent would refuse it as unauthenticated; saying why here is kinder to the caller.
    if (!REQUEST_ID_PATTERN.test(requestId))
      throw invalidInput('relay request ids are 1-128 characters of A-Z a-z 0-9 . _ : -', { requestId });
    const attempts = RETRYABLE_OPERATIONS.has(operation) ? retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      try {
        const result = await once(operation, params, requestId, config.timeoutMs + extraTimeoutMs);
        logger?.debug({ operation, requestId, attempt, ms: Date.now() - started }, 'relay call ok');
        return result;
      } catch (e) {
        const transient = e instanceof DomainError && TRANSIENT_CODES.has(e.code);
        logger?.warn(
          { operation, requestId, attempt, code: e instanceof DomainError ? e.code : undefined },
          'relay call failed',
        );
        if (!transient || attempt >= attempts) throw e;
        await sleep(retryDelayMs * 2 ** (attempt - 1));
      }
    }
  };

  return {
    startDeltaSync: (requestId) => call('delta-sync', {}, requestId),
    startInitialSync: (requestId, confirm) => call('initial-sync', { confirm }, requestId),
    getSchedulerStatus: (requestId) => call('scheduler-status', {}, requestId),
    getLastRunResults: (requestId, count) => {
      if (!Number.isInteger(count) || count < 1 || count > 50)
        return Promise.reject(invalidInput('count must be a whole number from 1 to 50'));
      return call('run-results', { count }, requestId);
    },
    syncSingleObject: (requestId, distinguishedName) =>
      call('single-object-sync', { distinguishedName }, requestId),
    getSyncScope: (requestId) => call('sync-scope', {}, requestId),
    getServerInfo: (requestId) => call('server-info', {}, requestId),
    getSyncCredential: (requestId) => call('sync-credential', {}, requestId),
    restartSyncService: async (requestId) => {
      await call('restart-service', {}, requestId);
    },
    async waitUntilIdle(requestId, timeoutMs, onProgress): Promise<SchedulerStatus> {
      const started = Date.now();
      for (;;) {
        const remaining = timeoutMs - (Date.now() - started);
        // Long-poll in slices: the agent waits server-side, the card hears about progress between slices.
        const slice = Math.max(0, Math.min(remaining, waitSliceMs));
        const outcome = await call(
          'wait-until-idle',
          { timeoutMs: slice, pollMs: Math.max(50, Math.min(pollMs, slice || 50)) },
          requestId,
          slice,
        );
        onProgress?.({ elapsedMs: Date.now() - started, scheduler: outcome.scheduler });
        if (outcome.idle) return outcome.scheduler;
        if (Date.now() - started >= timeoutMs)
          throw new DomainError('RELAY.TIMEOUT', `The sync cycle was still running after ${timeoutMs} ms.`, {
            requestId,
            retryable: true,
            details: { scheduler: outcome.scheduler },
          });
      }
    },
  };
};

/** A fresh request id for callers that have none of their own (CLI). */
export const newRelayRequestId = (prefix = 'cli'): string => `${prefix}-${randomUUID()}`;
