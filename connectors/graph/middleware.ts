/**
 * The connector's Graph SDK middleware chain: bearer token -> bounded retry -> fetch. Our own token step
 * replaces the SDK's AuthenticationHandler because that one only attaches tokens to https Graph hosts
 * (so not to a national-cloud host it does not know, nor to the loopback simulator) - ours attaches the
 * token to the configured base URL's origin and to nothing else, so a nextLink pointing elsewhere never
 * receives it. The SDK's RetryHandler is left out: it sleeps on a real clock and knows nothing of our bounds.
 */
import type {
  AuthenticationProvider,
  Context,
  Middleware,
  MiddlewareOptions,
} from '@microsoft/microsoft-graph-client';
import type { Logger } from '../../config/logger.ts';
import { retryAfterMs, retryDelayMs, TRANSIENT_STATUSES, type RetryPolicy } from './retry.ts';

/** Per-request option the chain fills in: the final response's request-id (for write receipts). */
export class ResponseCapture implements MiddlewareOptions {
  requestId: string | null = null;
  status: number | null = null;
}

/** Counts HTTP round trips (retries included), for diagnostics and benchmarks. */
export interface RoundTripStats {
  roundTrips: number;
  retries: number;
}

// The SDK types `request` with DOM's RequestInfo, which this Node-only build does not load.
const urlOf = (context: Context): string => {
  const request: unknown = context.request;
  return typeof request === 'string' ? request : (request as { readonly url: string }).url;
};

/** The request's headers as a plain record, whichever form the SDK left them in. */
const headerRecord = (headers: unknown): Record<string, string> => {
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) return Object.fromEntries(headers as [string, string][]);
  return { ...(headers as Record<string, string> | undefined) };
};

abstract class Link implements Middleware {
  protected next: Middleware | undefined;
  setNext(next: Middleware): void {
    this.next = next;
  }
  protected forward(context: Context): Promise<void> {
    if (this.next === undefined) throw new Error('Graph middleware chain has no next handler');
    return this.next.execute(context);
  }
  abstract execute(context: Context): Promise<void>;
}

export class BearerAuthMiddleware extends Link {
  private readonly provider: AuthenticationProvider;
  private readonly origin: string;

  constructor(provider: AuthenticationProvider, baseUrl: string) {
    super();
    this.provider = provider;
    this.origin = new URL(baseUrl).origin;
  }

  override async execute(context: Context): Promise<void> {
    const options = (context.options ??= {});
    const headers = headerRecord(options.headers);
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'authorization') delete headers[key];
    if (new URL(urlOf(context)).origin === this.origin) {
      headers['Authorization'] = `Bearer ${await this.provider.getAccessToken()}`;
    }
    options.headers = headers;
    return this.forward(context);
  }
}

export class RetryMiddleware extends Link {
  private readonly policy: RetryPolicy;
  private readonly stats: RoundTripStats;
  private readonly logger: Logger | undefined;

  constructor(policy: RetryPolicy, stats: RoundTripStats, logger?: Logger) {
    super();
    this.policy = policy;
    this.stats = stats;
    this.logger = logger;
  }

  override async execute(context: Context): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let failure: unknown = undefined;
      this.stats.roundTrips++;
      // A fresh deadline per attempt: an endpoint that accepts and never answers must not hold the caller.
      (context.options ??= {}).signal = AbortSignal.timeout(this.policy.attemptTimeoutMs);
      try {
        await this.forward(context);
      } catch (e) {
        failure = e ?? new Error('connection failed');
      }
      const status = context.response?.status;
      const transient = failure !== undefined || (status !== undefined && TRANSIENT_STATUSES.has(status));
      if (!transient || attempt >= this.policy.maxRetries) {
        if (failure instanceof Error) throw failure;
        if (failure !== undefined)
          throw new Error('Graph request failed without an error object', { cause: failure });
        this.capture(context);
        return;
      }
      const delay = retryDelayMs(
        this.policy,
        attempt,
        failure === undefined ? retryAfterMs(context.response?.headers.get('Retry-After')) : null,
      );
      this.logger?.warn(
        {
          status: status ?? 'no response',
          attempt: attempt + 1,
          delayMs: delay,
          path: new URL(urlOf(context)).pathname,
        },
        'Graph answered with a transient failure; retrying',
      );
      this.stats.retries++;
      delete context.response;
      await this.policy.sleep(delay);
    }
  }

  private capture(context: Context): void {
    const capture = context.middlewareControl?.getMiddlewareOptions(ResponseCapture) as
      ResponseCapture | undefined;
    if (capture === undefined || context.response === undefined) return;
    capture.requestId = context.response.headers.get('request-id');
    capture.status = context.response.status;
  }
}
