/**
 * Queries by state that do not read everything: an index is a folder of small marker documents, one per
 * member (`index/<name>/<id>`), listed by key only (Store.keys). The sweeper's cost then follows the
 * number of pending requests and unfinished jobs, not the number of requests ever made.
 *
 * Markers and documents are two writes, so the order makes the index a superset: a marker is written
 * BEFORE its document enters the state and removed AFTER it left it. A crash in between leaves an extra
 * marker, never a missing one; readers check the document itself and drop markers that no longer hold.
 * Chosen over Azure blob index tags because it works the same on every Store backend (one contract test)
 * and is read-your-writes, where Find Blobs by Tags is eventually consistent.
 */
import type { Clock, Store } from '../ports.ts';
import { createDocument } from './documents.ts';

interface Marker {
  readonly since: string;
}

export interface StateIndex {
  /** Add `id` (idempotent). */
  add(id: string): Promise<void>;
  /** Remove `id` (idempotent). */
  remove(id: string): Promise<void>;
  /** Every member, in key order. */
  ids(): Promise<string[]>;
  /** When `id` was added; null when it is not a member. */
  since(id: string): Promise<Date | null>;
}

export const stateIndex = (store: Store, name: string, clock: Clock): StateIndex => {
  const folder = `index/${name}/`;
  return {
    async add(id) {
      // Already a member (added by anyone, any time): the first `since` stays.
      await createDocument<Marker>(store, folder + id, { since: clock.now().toISOString() });
    },
    async remove(id) {
      await store.delete(folder + id);
    },
    async ids() {
      return (await store.keys(folder)).map((k) => k.slice(folder.length));
    },
    async since(id) {
      const marker = await store.get<Marker>(folder + id);
      return marker === null ? null : new Date(marker.value.since);
    },
  };
};
