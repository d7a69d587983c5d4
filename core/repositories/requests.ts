/**
 * The approval requests (`requests/<id>`): the only code that knows their keys. Pending requests are
 * indexed, so expiry looks at those only.
 */
import type { StoredRequest } from '../approvals/request-service.ts';
import type { Clock, Store, Versioned } from '../ports.ts';
import { updateDocument, type Updated } from './documents.ts';
import { stateIndex } from './state-index.ts';

/** Our request ids: anything else (from card data) is simply not found, never a store key. */
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,99}$/;

/**
 * A marker older than this whose document does not exist was left by a writer that died between the two
 * writes (a live writer writes the document right after the marker).
 */
export const ORPHAN_MARKER_MS = 10 * 60_000;

export const isRequestId = (id: string): boolean => REQUEST_ID.test(id);

export interface RequestRepository {
  /** The stored request and its version; null when there is none (or `id` is not one of our ids). */
  get(id: string): Promise<Versioned<StoredRequest> | null>;
  /** Store a new pending request (create-only: STORE.CONFLICT when the id exists). */
  create(stored: StoredRequest): Promise<void>;
  /**
   * Change request `id` with compare-and-swap (re-applied on a lost race); `change` may throw to refuse,
   * or return null to write nothing. The pending index follows the written state.
   */
  update(
    id: string,
    change: (current: StoredRequest) => StoredRequest | null,
  ): Promise<Updated<StoredRequest> | null>;
  /** Ids of the requests that may be pending (a superset: check each request's own state). */
  pendingIds(): Promise<string[]>;
  /** When `id` entered the pending index; null when it is not in it. */
  pendingSince(id: string): Promise<Date | null>;
  /** Drop `id` from the pending index (the request is no longer pending, or never got written). */
  unindexPending(id: string): Promise<void>;
}

const key = (id: string): string => `requests/${id}`;

export const requestRepository = (store: Store, clock: Clock): RequestRepository => {
  const pending = stateIndex(store, 'requests-pending', clock);
  return {
    get: async (id) => (isRequestId(id) ? store.get<StoredRequest>(key(id)) : null),
    async create(stored) {
      await pending.add(stored.request.id);
      await store.put(key(stored.request.id), stored, null);
    },
    async update(id, change) {
      if (!isRequestId(id)) return null;
      const written = await updateDocument<StoredRequest>(store, key(id), (current) =>
        current === null ? null : change(current),
      );
      if (written !== null && written.after.request.state !== 'pending') await pending.remove(id);
      return written;
    },
    pendingIds: () => pending.ids(),
    pendingSince: (id) => pending.since(id),
    unindexPending: (id) => pending.remove(id),
  };
};
