/**
 * Reads Graph may refuse for good (a permission missing, no /beta, no P2, app-only not supported): the
 * refusal is kept as an unread fact instead of failing the whole read - the checks never take an
 * unread fact for a pass. A transient failure (throttling, an outage) is rethrown instead, so callers
 * retry rather than judge on half the facts.
 */
import { DomainError } from '../../core/errors.ts';
import type { CloudFact, Unread } from '../../core/models.ts';

export type Unreads = Partial<Record<CloudFact, Unread>>;

export const unreadOf = (e: DomainError): Unread => ({ code: e.code, message: e.message });

/** `read()`, or `fallback` with `fact` recorded unread when Graph refuses it for good. */
export const orUnread = async <T>(
  read: () => Promise<T>,
  fallback: T,
  unread: Unreads,
  fact: CloudFact,
): Promise<T> => {
  try {
    return await read();
  } catch (e) {
    if (!(e instanceof DomainError) || e.retryable) throw e;
    unread[fact] = unreadOf(e);
    return fallback;
  }
};
