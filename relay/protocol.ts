/**
 * The relay's wire protocol, shared by the agent (relay/) and its client (connectors/relay/): the paths,
 * the headers and the HMAC-SHA256 request signature. Kept in one file so both ends cannot drift apart.
 *
 * A request is signed over everything that decides what runs and who asked: method, path, agent id,
 * timestamp, nonce, the bot's request id and the SHA-256 of the exact body bytes. The agent checks the
 * body digest itself, so a tampered body fails even if the header was copied.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every operation is `POST {OPERATIONS_PATH}/<name>` with a JSON body of its parameters. */
export const OPERATIONS_PATH = '/v1/operations';

export const HEADERS = {
  agent: 'x-hm-agent',
  timestamp: 'x-hm-timestamp',
  nonce: 'x-hm-nonce',
  contentSha256: 'x-hm-content-sha256',
  requestId: 'x-hm-request-id',
  authorization: 'authorization',
  /** Azure Relay Hybrid Connections sender token (only when the agent listens through Azure Relay). */
  serviceBusAuthorization: 'ServiceBusAuthorization',
} as const;

export const AUTH_SCHEME = 'HM-HMAC';

/** Shapes the agent accepts for the header values (anything else is refused before any crypto). */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
export const AGENT_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export interface SignatureInput {
  readonly method: string;
  readonly path: string;
  readonly agentId: string;
  /** Unix seconds, as sent in the header. */
  readonly timestamp: string;
  readonly nonce: string;
  readonly requestId: string;
  /** Lower-case hex SHA-256 of the body bytes. */
  readonly contentSha256: string;
}

export const sha256Hex = (body: Uint8Array | string): string =>
  createHash('sha256').update(body).digest('hex');

/** The exact string that is signed; newline-separated so no field can bleed into the next. */
export const canonicalString = (s: SignatureInput): string =>
  [
    'HM-HMAC-SHA256',
    s.method.toUpperCase(),
    s.path,
    s.agentId,
    s.timestamp,
    s.nonce,
    s.requestId,
    s.contentSha256,
  ].join('\n');

/** Base64 HMAC-SHA256 of the canonical string with the agent's key (its UTF-8 bytes). */
export const sign = (key: string, s: SignatureInput): string =>
  createHmac('sha256', key).update(canonicalString(s)).digest('base64');

/** Constant-time comparison of two base64 signatures (length is not secret: it is fixed). */
export const signaturesEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
};

export const newNonce = (): string => randomBytes(18).toString('base64url');

/** The headers a client sends for one request. */
export const signedHeaders = (options: {
  readonly key: string;
  readonly agentId: string;
  readonly method: string;
  readonly path: string;
  readonly body: string;
  readonly requestId: string;
  readonly now?: Date;
  readonly nonce?: string;
}): Record<string, string> => {
  const input: SignatureInput = {
    method: options.method,
    path: options.path,
    agentId: options.agentId,
    timestamp: String(Math.floor((options.now ?? new Date()).getTime() / 1000)),
    nonce: options.nonce ?? newNonce(),
    requestId: options.requestId,
    contentSha256: sha256Hex(options.body),
  };
  return {
    [HEADERS.agent]: input.agentId,
    [HEADERS.timestamp]: input.timestamp,
    [HEADERS.nonce]: input.nonce,
    [HEADERS.contentSha256]: input.contentSha256,
    [HEADERS.requestId]: input.requestId,
    [HEADERS.authorization]: `${AUTH_SCHEME} ${sign(options.key, input)}`,
  };
};

/** The error body every refusal and failure uses. */
export interface RelayErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}
