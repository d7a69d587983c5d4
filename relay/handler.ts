/**
 * The agent's request handling, independent of the listener: the restify server (direct HTTP/TLS) and the
 * Azure Relay listener both feed it the method, path, headers and raw body bytes and send back what it
 * returns. Order matters: size, path and authentication are checked before anything is parsed, and the
 * runner is reached only by an authenticated, allow-listed, schema-valid request.
 */
import type { Logger } from 'pino';
import { isDomainError, type ErrorCode } from '../core/errors.ts';
import type { HeaderBag, RequestVerifier } from './auth.ts';
import { isOperationName, operationParams, type OperationName } from './operations.ts';
import {
  AGENT_ID_PATTERN,
  HEADERS,
  OPERATIONS_PATH,
  REQUEST_ID_PATTERN,
  type RelayErrorBody,
} from './protocol.ts';
import type { ScriptRunner } from './script-runner.ts';

export interface RelayRequest {
  readonly method: string;
  /** The path the client signed, without any listener prefix or query string. */
  readonly path: string;
  readonly headers: HeaderBag;
  /** The exact body bytes, or null when it exceeded the size limit (reading stopped). */
  readonly body: Uint8Array | null;
}

export interface RelayResponse {
  readonly status: number;
  readonly body: { readonly result: unknown } | RelayErrorBody;
}

export interface RelayHandlerDeps {
  readonly runner: ScriptRunner;
  readonly verifier: RequestVerifier;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  /** PowerShell processes are heavy: beyond this many at once the agent answers 503. */
  readonly maxConcurrent?: number;
}

export type RelayHandler = (request: RelayRequest) => Promise<RelayResponse>;

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  'INPUT.INVALID': 400,
  'RELAY.UNAUTHORIZED': 401,
  'RELAY.REFUSED': 403,
  'RELAY.BUSY': 409,
  'RELAY.STAGING_MODE': 409,
  'RELAY.FAILED': 502,
  'RELAY.UNAVAILABLE': 503,
  'RELAY.TIMEOUT': 504,
};

const refuse = (status: number, code: ErrorCode | 'INTERNAL', message: string): RelayResponse => ({
  status,
  body: { error: { code, message } },
});

const contentTypeIsJson = (headers: HeaderBag): boolean => {
  const v = headers['content-type'];
  return typeof v === 'string' && /^application\/json\s*(;|$)/i.test(v);
};

/** What the log keeps of a result: small answers whole (delta: started/joined), lists by their size. */
const summarise = (response: RelayResponse): unknown => {
  if (!('result' in response.body)) return undefined;
  const result = response.body.result;
  if (Array.isArray(result)) return { items: result.length };
  const text = JSON.stringify(result);
  return text.length <= 300 ? result : { bytes: text.length };
};

/** Builds the handler. Every outcome, refused or run, is logged with who asked - never the key. */
export const createRelayHandler = (deps: RelayHandlerDeps): RelayHandler => {
  const { runner, verifier, logger, maxBodyBytes } = deps;
  const maxConcurrent = deps.maxConcurrent ?? 8;
  let running = 0;

  const execute = async (operation: OperationName, params: unknown, requestId: string) => {
    if (running >= maxConcurrent)
      return refuse(503, 'RELAY.UNAVAILABLE', 'too many operations in progress, retry shortly');
    running++;
    try {
      // The cast is sound: params were parsed by this operation's own schema just before.
      const result = await runner.run(operation, params as never, { requestId });
      return { status: 200, body: { result } };
    } catch (e) {
      if (isDomainError(e)) return refuse(STATUS_BY_CODE[e.code] ?? 500, e.code, e.message);
      logger.error({ err: e, operation, requestId }, 'relay operation crashed');
      return refuse(500, 'INTERNAL', 'the operation failed unexpectedly; see the agent log');
    } finally {
      running--;
    }
  };

  return async (request) => {
    const started = Date.now();
    const prefix = `${OPERATIONS_PATH}/`;
    const name = request.path.startsWith(prefix) ? request.path.slice(prefix.length) : null;
    const log = (response: RelayResponse, extra: Record<string, unknown>) => {
      const error = 'error' in response.body ? response.body.error : undefined;
      const entry = {
        ...extra,
        method: request.method,
        path: request.path.slice(0, 200),
        status: response.status,
        code: error?.code,
        message: error?.message,
        durationMs: Date.now() - started,
      };
      if (response.status < 400) logger.info(entry, 'relay operation done');
      else logger.warn(entry, 'relay request refused or failed');
      return response;
    };
    if (name === null || name.includes('/')) return log(refuse(404, 'RELAY.REFUSED', 'no such endpoint'), {});
    if (request.method !== 'POST')
      return log(refuse(405, 'RELAY.REFUSED', 'operations are invoked with POST'), {});
    if (request.body === null)
      return log(refuse(413, 'RELAY.REFUSED', `request body larger than ${maxBodyBytes} bytes`), {});
    const auth = verifier.verify(request.method, request.path, request.headers, request.body);
    if (!auth.ok) {
      // What the caller claimed, when well-formed: lets an operator match a refusal to the bot's audit.
      const claimed = (h: string, pattern: RegExp) => {
        const v = request.headers[h];
        return typeof v === 'string' && pattern.test(v) ? v : undefined;
      };
      const refusal =
        auth.unavailable === true
          ? refuse(503, 'RELAY.UNAVAILABLE', `request not accepted: ${auth.reason}`)
          : refuse(401, 'RELAY.UNAUTHORIZED', `request not authenticated: ${auth.reason}`);
      return log(refusal, {
        claimedAgentId: claimed(HEADERS.agent, AGENT_ID_PATTERN),
        claimedRequestId: claimed(HEADERS.requestId, REQUEST_ID_PATTERN),
      });
    }
    const who = { agentId: auth.agentId, requestId: auth.requestId };
    if (!isOperationName(name))
      return log(refuse(404, 'RELAY.REFUSED', 'unknown operation (not on the allow-list)'), who);
    if (!contentTypeIsJson(request.headers))
      return log(refuse(415, 'INPUT.INVALID', 'content-type must be application/json'), who);
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(request.body).toString('utf8'));
    } catch {
      return log(refuse(400, 'INPUT.INVALID', 'body is not valid JSON'), who);
    }
    const parsed = operationParams[name].safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      return log(refuse(400, 'INPUT.INVALID', `invalid parameters: ${problems.join('; ')}`), who);
    }
    const response = await execute(name, parsed.data, auth.requestId);
    return log(response, { ...who, operation: name, result: summarise(response) });
  };
};
