/**
 * Rate limits kept in the store, so several bot instances share them: the last start of an action per
 * scope (`ratelimit/<action>/<scope>`), claimed with compare-and-swap - two instances cannot both win.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../../core/ports.ts';
import { isConflict } from '../../core/repositories/documents.ts';

interface LastStart {
  readonly at: string;
  readonly by: string;
}

export interface RateLimitRepository {
  /**
   * Claim the slot of `action` in `scope` for `by` at `now`, at most once per `intervalMs`. Returns 0 when
   * claimed, else the whole seconds to wait.
   */
  claim(action: string, scope: string, by: string, now: Date, intervalMs: number): Promise<number>;
}

// The scope is a tenant id; hashed so that any value is a valid key and none can reach another's.
const key = (action: string, scope: string): string =>
  `ratelimit/${action}/${createHash('sha256').update(scope, 'utf8').digest('hex').slice(0, 32)}`;

export const rateLimitRepository = (store: Store): RateLimitRepository => ({
  async claim(action, scope, by, now, intervalMs) {
    const k = key(action, scope);
    const doc = await store.get<LastStart>(k);
    if (doc !== null) {
      const wait = Date.parse(doc.value.at) + intervalMs - now.getTime();
      if (wait > 0) return Math.ceil(wait / 1000);
    }
    try {
      await store.put<LastStart>(k, { at: now.toISOString(), by }, doc?.etag ?? null);
      return 0;
    } catch (e) {
      // Someone else started one in between: that one counts.
      if (isConflict(e)) return Math.max(1, Math.ceil(intervalMs / 1000));
      throw e;
    }
  },
});
