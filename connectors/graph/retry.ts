/**
 * Bounded retries for Graph's transient answers: 429 honours Retry-After (throttling is per app and
 * tenant, so retrying sooner only extends it), 503/504 and dropped connections back off exponentially
 * with jitter. The clock is injected so tests of backoff run fast over real HTTP.
 */
export interface RetryTiming {
  /** Waits `ms`; tests pass a recorder that resolves at once. */
  readonly sleep: (ms: number) => Promise<void>;
  /** [0, 1); jitter source. */
  readonly random: () => number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * How long one attempt may wait for Graph's answer before it counts as a dropped connection (and is
   * retried within the budget). Without it fetch waits for undici's 300 s header timeout.
   */
  readonly attemptTimeoutMs: number;
}

export interface RetryPolicy extends RetryTiming {
  readonly maxRetries: number;
}

export const defaultTiming: RetryTiming = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  attemptTimeoutMs: 30_000,
};

export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

/** Retry-After as milliseconds (seconds or an HTTP date), or null when absent or unreadable. */
export const retryAfterMs = (value: string | null | undefined, now = Date.now()): number | null => {
  if (value === null || value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
};

/** How long to wait before retry number `attempt` (0-based). */
export const retryDelayMs = (policy: RetryTiming, attempt: number, retryAfter: number | null): number => {
  if (retryAfter !== null) return Math.min(retryAfter, policy.maxDelayMs * 4);
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exp * (0.5 + policy.random() / 2));
};
