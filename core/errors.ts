/**
 * Domain errors: every failure the product can explain to a person carries a stable code, a message a
 * helpdesk person understands, and the vendor's request id when there is one (for support tickets).
 * Connectors translate vendor errors (GraphError, ldapts ResultCodeError, relay HTTP statuses) into these;
 * the edges show them in one place (CONVENTIONS.md rule 8).
 */
export type ErrorCode =
  | 'INPUT.INVALID'
  | 'IMMUTABLE_ID.INVALID'
  | 'CONFIG.INVALID'
  | 'LINK.IMMUTABLE_ID_IN_USE'
  | 'LINK.ON_PREM_MASTERED'
  | 'LINK.HARDENING_BLOCKED'
  | 'LINK.STALE_PLAN'
  | 'CLOUD.NOT_FOUND'
  | 'CLOUD.BAD_REQUEST'
  | 'CLOUD.RESTORE_CONFLICT'
  | 'CLOUD.UNSUPPORTED_QUERY'
  | 'CLOUD.UNAUTHORIZED'
  | 'CLOUD.FORBIDDEN'
  | 'CLOUD.LICENSE_REQUIRED'
  | 'CLOUD.THROTTLED'
  | 'CLOUD.UNAVAILABLE'
  | 'AD.NO_SUCH_OBJECT'
  | 'AD.INSUFFICIENT_RIGHTS'
  | 'AD.PARENT_MISSING'
  | 'AD.ALREADY_EXISTS'
  | 'AD.BUSY'
  | 'AD.UNAVAILABLE'
  | 'AD.INVALID_CREDENTIALS'
  | 'AD.TIMEOUT'
  | 'AD.CONSTRAINT'
  | 'RELAY.BUSY'
  | 'RELAY.STAGING_MODE'
  | 'RELAY.UNAUTHORIZED'
  | 'RELAY.REFUSED'
  | 'RELAY.UNAVAILABLE'
  | 'RELAY.TIMEOUT'
  | 'RELAY.FAILED'
  | 'STORE.CONFLICT'
  | 'STORE.UNAVAILABLE'
  | 'APPROVAL.NOT_ALLOWED'
  | 'APPROVAL.SELF_APPROVAL'
  | 'APPROVAL.EXPIRED'
  | 'APPROVAL.NOT_PENDING'
  | 'APPROVAL.NOT_FOUND'
  | 'ALERT.NOT_FOUND'
  | 'JOB.FAILED'
  | 'RATE_LIMITED'
  | 'INTERNAL';

export interface DomainErrorOptions {
  /** Vendor request id (Graph `request-id`, relay request id) kept for support. */
  readonly requestId?: string | undefined;
  /** Structured data behind the message (never secrets). */
  readonly details?: Readonly<Record<string, unknown>> | undefined;
  /** Whether retrying the same operation later may succeed (throttling, outages, busy). */
  readonly retryable?: boolean | undefined;
  readonly cause?: unknown;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly requestId: string | undefined;
  readonly details: Readonly<Record<string, unknown>>;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: DomainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.requestId = options.requestId;
    this.details = options.details ?? {};
    this.retryable = options.retryable ?? false;
  }
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;

/** The one way bad user/card/config input is refused: a clear message, nothing changed. */
export const invalidInput = (message: string, details?: Record<string, unknown>): DomainError =>
  new DomainError('INPUT.INVALID', message, { details });
