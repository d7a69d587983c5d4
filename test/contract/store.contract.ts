/**
 * The contract every Store and AuditLog backend keeps (SQLite, Azure Blob Storage): create-only and
 * compare-and-swap conflicts, concurrent writers on one backing store, prefix listing, an audit log that
 * only grows, and persistence across a reopen. A backend's test file calls `describeStoreContract` with a
 * harness that opens instances on one shared backing store.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.ts';
import type { AuditLog, Store } from '../../core/ports.ts';

export interface StoreInstance {
  readonly store: Store;
  readonly audit: AuditLog;
  close(): Promise<void> | void;
}

export interface StoreBackend {
  /** A new, independent instance (own connection / client) on the same backing file or container. */
  open(): Promise<StoreInstance>;
  /** Rewrite the audit record `id` beside the AuditLog API (raw SQL / raw blob write); must reject. */
  rewriteAuditRecord(id: string): Promise<void>;
  /** Remove the audit record `id` beside the API, or null when the backend cannot refuse a delete. */
  readonly deleteAuditRecord: ((id: string) => Promise<void>) | null;
}

const codeOf = (e: unknown): string | undefined => (e instanceof DomainError ? e.code : undefined);

const expectConflict = async (p: Promise<unknown>): Promise<void> => {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(codeOf(e), String(e)).toBe('STORE.CONFLICT');
};

/** Increment a counter with a CAS retry loop: the standard client of an optimistic store. */
const increment = async (store: Store, key: string): Promise<number> => {
  for (let attempt = 0; attempt < 200; attempt++) {
    const current = await store.get<{ n: number }>(key);
    const next = (current?.value.n ?? 0) + 1;
    try {
      await store.put(key, { n: next }, current?.etag ?? null);
      return attempt;
    } catch (e) {
      if (codeOf(e) !== 'STORE.CONFLICT') throw e;
    }
  }
  throw new Error('increment: too many conflicts');
};

/** Run `body` with `n` independent instances of `backend` on its one backing store, closed afterwards. */
export const instancesOf =
  (backend: () => StoreBackend) =>
  async (n: number, body: (xs: StoreInstance[]) => Promise<void>): Promise<void> => {
    const xs = await Promise.all(Array.from({ length: n }, () => backend().open()));
    try {
      await body(xs);
    } finally {
      for (const x of xs) await x.close();
    }
  };

export const describeStoreContract = (name: string, backend: () => StoreBackend): void => {
  const withInstances = instancesOf(backend);
  // Every test writes under its own folder so tests never see each other's documents.
  const folder = (): string => `t-${randomUUID()}`;

  describe(`Store contract: ${name}`, () => {
    it('reads null for a missing key and round-trips JSON values with a fresh etag per write', () =>
      withInstances(1, async ([a]) => {
        const k = `${folder()}/doc`;
        expect(await a!.store.get(k)).toBeNull();
        const value = { s: 'Zoë ✓', n: 1.5, nested: { list: [1, null, 'x'] }, none: null };
        const e1 = await a!.store.put(k, value, null);
        expect(await a!.store.get(k)).toEqual({ value, etag: e1 });
        const e2 = await a!.store.put(k, { ...value, n: 2 }, e1);
        expect(e2).not.toBe(e1);
        expect((await a!.store.get<typeof value>(k))?.value.n).toBe(2);
      }));

    it('create-only: put with etag null on an existing key is STORE.CONFLICT and changes nothing', () =>
      withInstances(1, async ([a]) => {
        const k = `${folder()}/doc`;
        const e1 = await a!.store.put(k, { v: 'first' }, null);
        await expectConflict(a!.store.put(k, { v: 'second' }, null));
        expect(await a!.store.get(k)).toEqual({ value: { v: 'first' }, etag: e1 });
      }));

    it('compare-and-swap: a stale etag is STORE.CONFLICT and changes nothing', () =>
      withInstances(1, async ([a]) => {
        const k = `${folder()}/doc`;
        const e1 = await a!.store.put(k, { v: 1 }, null);
        const e2 = await a!.store.put(k, { v: 2 }, e1);
        await expectConflict(a!.store.put(k, { v: 3 }, e1));
        expect(await a!.store.get(k)).toEqual({ value: { v: 2 }, etag: e2 });
        // Replacing a key that does not exist is a lost race too.
        await expectConflict(a!.store.put(`${folder()}/never`, { v: 1 }, e2));
      }));

    it('delete: without etag is idempotent; with a stale etag is STORE.CONFLICT', () =>
      withInstances(1, async ([a]) => {
        const k = `${folder()}/doc`;
        const e1 = await a!.store.put(k, { v: 1 }, null);
        const e2 = await a!.store.put(k, { v: 2 }, e1);
        await expectConflict(a!.store.delete(k, e1));
        expect(await a!.store.get(k)).not.toBeNull();
        await a!.store.delete(k, e2);
        expect(await a!.store.get(k)).toBeNull();
        await a!.store.delete(k);
        await expectConflict(a!.store.delete(k, e2));
      }));

    it('refuses keys that are not plain path-like names', () =>
      withInstances(1, async ([a]) => {
        for (const bad of ['', '../x', 'a//b', 'a/../b', 'a b', '/abs']) {
          await expect(a!.store.put(bad, {}, null)).rejects.toThrow();
        }
      }));

    it('lists by prefix, in key order, with values and etags', () =>
      withInstances(1, async ([a]) => {
        const f = folder();
        const etags: Record<string, string> = {};
        for (const k of [`${f}/b`, `${f}/a`, `${f}/c/d`, `${f}x/other`])
          etags[k] = await a!.store.put(k, { k }, null);
        const listed = await a!.store.list<{ k: string }>(`${f}/`);
        expect(listed.map((d) => d.key)).toEqual([`${f}/a`, `${f}/b`, `${f}/c/d`]);
        for (const d of listed) expect(d).toEqual({ key: d.key, value: { k: d.key }, etag: etags[d.key] });
        expect(await a!.store.list(`${folder()}/`)).toEqual([]);
      }));

    it('lists keys by prefix, in key order, without neighbours that share the text', () =>
      withInstances(2, async ([a, b]) => {
        const f = folder();
        // `${f}0` sorts right after `${f}/` (the prefix range's end); `${f}.a` right before it.
        for (const k of [`${f}/b`, `${f}/a`, `${f}/c/d`, `${f}0`, `${f}.a`, `${f}x/other`])
          await a!.store.put(k, { k }, null);
        expect(await b!.store.keys(`${f}/`)).toEqual([`${f}/a`, `${f}/b`, `${f}/c/d`]);
        expect(await b!.store.keys(`${f}/c/`)).toEqual([`${f}/c/d`]);
        await a!.store.delete(`${f}/a`);
        expect(await b!.store.keys(`${f}/`)).toEqual([`${f}/b`, `${f}/c/d`]);
        expect(await b!.store.keys(`${folder()}/`)).toEqual([]);
        await expect(b!.store.keys('../x/')).rejects.toThrow();
      }));

    it('two instances racing the same etag: exactly one wins', () =>
      withInstances(2, async ([a, b]) => {
        const k = `${folder()}/doc`;
        const e0 = await a!.store.put(k, { who: 'nobody' }, null);
        for (let round = 0; round < 5; round++) {
          const base = (await a!.store.get(k))!.etag;
          const results = await Promise.allSettled([
            a!.store.put(k, { who: 'a', round }, base),
            b!.store.put(k, { who: 'b', round }, base),
          ]);
          const won = results.filter((r) => r.status === 'fulfilled');
          expect(won).toHaveLength(1);
          const lost = results.find((r) => r.status === 'rejected');
          expect(codeOf(lost?.reason)).toBe('STORE.CONFLICT');
          const winner = results[0].status === 'fulfilled' ? 'a' : 'b';
          expect((await b!.store.get(k))?.value).toEqual({ who: winner, round });
        }
        expect((await a!.store.get(k))!.etag).not.toBe(e0);
      }));

    it('two instances racing to create the same key: exactly one wins', () =>
      withInstances(2, async ([a, b]) => {
        const k = `${folder()}/doc`;
        const results = await Promise.allSettled([
          a!.store.put(k, { who: 'a' }, null),
          b!.store.put(k, { who: 'b' }, null),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(results.filter((r) => r.status === 'rejected').map((r) => codeOf(r.reason))).toEqual([
          'STORE.CONFLICT',
        ]);
      }));

    it('no lost update: concurrent CAS increments from two instances all count', () =>
      withInstances(2, async ([a, b]) => {
        const k = `${folder()}/counter`;
        const per = 10;
        const retries = await Promise.all([
          ...Array.from({ length: per }, () => increment(a!.store, k)),
          ...Array.from({ length: per }, () => increment(b!.store, k)),
        ]);
        expect((await a!.store.get<{ n: number }>(k))?.value.n).toBe(2 * per);
        expect(retries.every((r) => r >= 0)).toBe(true);
      }));

    it('persists documents and audit entries across a reopen', async () => {
      const k = `${folder()}/doc`;
      const actor = `actor-${randomUUID()}`;
      const first = await backend().open();
      const etag = await first.store.put(k, { kept: true }, null);
      const record = await first.audit.append({
        action: 'test.persist',
        actor,
        requestId: null,
        target: k,
        outcome: 'ok',
      });
      await first.close();
      const second = await backend().open();
      try {
        expect(await second.store.get(k)).toEqual({ value: { kept: true }, etag });
        expect((await second.audit.recent(50)).find((r) => r.id === record.id)).toEqual(record);
      } finally {
        await second.close();
      }
    });
  });

  describe(`AuditLog contract: ${name}`, () => {
    it('appends records with id and time, returns them newest first', () =>
      withInstances(1, async ([a]) => {
        const actor = `actor-${randomUUID()}`;
        const written = [];
        for (let i = 0; i < 5; i++) {
          written.push(
            await a!.audit.append({
              action: 'test.append',
              actor,
              requestId: `r-${i}`,
              target: 'user@contoso.com',
              before: { immutableId: null },
              after: { immutableId: `id-${i}` },
              vendorRequestId: `v-${i}`,
              outcome: 'ok',
            }),
          );
        }
        expect(new Set(written.map((w) => w.id)).size).toBe(5);
        for (const w of written) expect(Number.isNaN(Date.parse(w.at))).toBe(false);
        const mine = (await a!.audit.recent(1000)).filter((r) => r.actor === actor);
        expect(mine).toEqual([...written].reverse());
        const three = await a!.audit.recent(3);
        expect(three).toHaveLength(3);
        expect(await a!.audit.recent(0)).toEqual([]);
      }));

    it('is append-only: the port has no update or delete, and the backend refuses a rewrite', () =>
      withInstances(1, async ([a]) => {
        expect(Object.keys(a!.audit).sort()).toEqual(['append', 'recent']);
        const record = await a!.audit.append({
          action: 'test.tamper',
          actor: `actor-${randomUUID()}`,
          requestId: null,
          target: null,
          outcome: 'ok',
        });
        await expect(backend().rewriteAuditRecord(record.id)).rejects.toThrow();
        const remove = backend().deleteAuditRecord;
        if (remove !== null) await expect(remove(record.id)).rejects.toThrow(/append-only/);
        expect((await a!.audit.recent(1000)).find((r) => r.id === record.id)).toEqual(record);
      }));

    it('keeps every entry when two instances append concurrently', () =>
      withInstances(2, async ([a, b]) => {
        const actor = `actor-${randomUUID()}`;
        const entry = {
          action: 'test.concurrent',
          actor,
          requestId: null,
          target: null,
          outcome: 'ok',
        } as const;
        const all = await Promise.all(
          Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a! : b!).audit.append(entry)),
        );
        const mine = (await b!.audit.recent(1000)).filter((r) => r.actor === actor);
        expect(mine.map((r) => r.id).sort()).toEqual(all.map((r) => r.id).sort());
      }));
  });
};
