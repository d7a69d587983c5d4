/**
 * The one read-change-write helper over the Store port. Every document that more than one writer may
 * change (two bot instances, a click racing a job) is updated through it: read with its version, apply a
 * pure change, write back only that version, and on a lost race read again and re-apply - so no update is
 * lost and nobody writes on stale data.
 */
import { isDomainError } from '../errors.ts';
import type { Store } from '../ports.ts';

/** Lost races tolerated before giving up (each is another writer's success, so this is generous). */
export const MAX_CAS_ATTEMPTS = 6;

export const isConflict = (e: unknown): boolean => isDomainError(e) && e.code === 'STORE.CONFLICT';

export interface Updated<T> {
  readonly before: T | null;
  readonly after: T;
  readonly etag: string;
}

/**
 * Change document `key`. `change` gets the current value (null when absent) and returns the next value,
 * or null to write nothing; it may throw to refuse (nothing is written). It can run more than once, so it
 * must be pure. Returns what was written, or null when `change` chose to write nothing.
 */
export const updateDocument = async <T>(
  store: Store,
  key: string,
  change: (current: T | null) => T | null,
): Promise<Updated<T> | null> => {
  for (let attempt = 1; ; attempt++) {
    const doc = await store.get<T>(key);
    const next = change(doc?.value ?? null);
    if (next === null) return null;
    try {
      const etag = await store.put(key, next, doc?.etag ?? null);
      return { before: doc?.value ?? null, after: next, etag };
    } catch (e) {
      if (isConflict(e) && attempt < MAX_CAS_ATTEMPTS) continue;
      throw e;
    }
  }
};

/** Create `key` unless it exists; false when another writer created it first (that one counts). */
export const createDocument = async <T>(store: Store, key: string, value: T): Promise<boolean> => {
  try {
    await store.put(key, value, null);
    return true;
  } catch (e) {
    if (isConflict(e)) return false;
    throw e;
  }
};
