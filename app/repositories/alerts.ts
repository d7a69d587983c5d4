/**
 * The watcher's state in the store, the only code that knows its keys: one record per alert
 * (`alerts/records/<id>`, open ones indexed - a state index, so `alerts` and each look read what is open,
 * not the history), the muted kinds (`alerts/mutes`), what the watcher remembers between looks
 * (`alerts/memory`), and the lease that lets one bot instance at a time watch (`alerts/lease`). Every
 * change is a compare-and-swap, so two instances never both write on stale data.
 */
import type { AlertRecord, Mute } from '../../core/alerts/lifecycle.ts';
import { isAlertKind, type AlertKind, type WatchMemory } from '../../core/alerts/types.ts';
import type { Clock, Store } from '../../core/ports.ts';
import { isConflict, updateDocument } from '../../core/repositories/documents.ts';
import { stateIndex } from '../../core/repositories/state-index.ts';

/** Our alert ids: anything else (from card data) is simply not found, never a store key. */
const ALERT_ID = /^[a-z][a-z0-9.-]{0,99}$/;
export const isAlertId = (id: string): boolean => ALERT_ID.test(id);

export type Mutes = Readonly<Partial<Record<AlertKind, Mute>>>;

interface Lease {
  readonly owner: string;
  readonly expiresAt: string;
}

export interface AlertsRepository {
  get(id: string): Promise<AlertRecord | null>;
  /**
   * Change record `id` with compare-and-swap (re-applied on a lost race). `change` gets the current
   * record (null: none) and returns the next one, or null to write nothing. Returns what was written.
   */
  update(
    id: string,
    change: (current: AlertRecord | null) => AlertRecord | null,
  ): Promise<AlertRecord | null>;
  /** Ids that may be open (a superset: check each record's state). */
  openIds(): Promise<string[]>;
  /** The open alerts, oldest first. */
  open(): Promise<AlertRecord[]>;
  mutes(): Promise<Mutes>;
  /** Mute `kind` (or unmute it, with null). */
  setMute(kind: AlertKind, mute: Mute | null): Promise<void>;
  /** Change what the watcher remembers, with compare-and-swap; returns what was written. */
  updateMemory(change: (current: WatchMemory | null) => WatchMemory): Promise<WatchMemory>;
  /** Hold the watcher's lease until `now + ttlMs`; false while another live instance holds it. */
  claimLease(owner: string, now: Date, ttlMs: number): Promise<boolean>;
  /** Give the lease up (a stopping instance), so another takes over at its next look. */
  releaseLease(owner: string): Promise<void>;
}

const recordKey = (id: string): string => `alerts/records/${id}`;
const MUTES = 'alerts/mutes';
const MEMORY = 'alerts/memory';
const LEASE = 'alerts/lease';

export const alertsRepository = (store: Store, clock: Clock): AlertsRepository => {
  const openIndex = stateIndex(store, 'alerts-open', clock);
  const get = async (id: string) =>
    isAlertId(id) ? ((await store.get<AlertRecord>(recordKey(id)))?.value ?? null) : null;
  return {
    get,
    async update(id, change) {
      if (!isAlertId(id)) return null;
      // The marker goes in before a record becomes open (the index is a superset); `change` is pure.
      const current = await get(id);
      if (change(current)?.state === 'open') await openIndex.add(id);
      const written = await updateDocument<AlertRecord>(store, recordKey(id), change);
      // A marker outlives its record's open state only when a writer died in between: drop it here.
      if ((written?.after ?? current)?.state !== 'open') await openIndex.remove(id);
      return written?.after ?? null;
    },
    openIds: () => openIndex.ids(),
    async open() {
      const records = await Promise.all((await openIndex.ids()).map((id) => get(id)));
      return records
        .filter((r): r is AlertRecord => r !== null && r.state === 'open')
        .sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id));
    },
    async mutes() {
      const doc = await store.get<{ kinds: Mutes }>(MUTES);
      const kinds = doc?.value.kinds ?? {};
      return Object.fromEntries(Object.entries(kinds).filter(([k]) => isAlertKind(k)));
    },
    async setMute(kind, mute) {
      await updateDocument<{ kinds: Mutes }>(store, MUTES, (cur) => {
        const kinds: Partial<Record<AlertKind, Mute>> = { ...(cur?.kinds ?? {}) };
        if (mute === null) delete kinds[kind];
        else kinds[kind] = mute;
        return { kinds };
      });
    },
    async updateMemory(change) {
      const written = await updateDocument<WatchMemory>(store, MEMORY, (cur) => change(cur));
      return written!.after;
    },
    async claimLease(owner, now, ttlMs) {
      const doc = await store.get<Lease>(LEASE);
      if (doc !== null && doc.value.owner !== owner && Date.parse(doc.value.expiresAt) > now.getTime())
        return false;
      try {
        await store.put<Lease>(
          LEASE,
          { owner, expiresAt: new Date(now.getTime() + ttlMs).toISOString() },
          doc?.etag ?? null,
        );
        return true;
      } catch (e) {
        // Another instance claimed or renewed it in between: that one watches.
        if (isConflict(e)) return false;
        throw e;
      }
    },
    async releaseLease(owner) {
      const doc = await store.get<Lease>(LEASE);
      if (doc === null || doc.value.owner !== owner) return;
      try {
        await store.delete(LEASE, doc.etag);
      } catch (e) {
        if (!isConflict(e)) throw e;
      }
    },
  };
};
