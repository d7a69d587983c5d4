/**
 * The contract of the typed repositories over any Store backend (SQLite, Azure Blob): the state indexes
 * answer by state without reading the history and stay a superset across crashes, updates re-apply on a
 * lost race so no change is lost between instances, create-only documents are created once, and ids
 * that are not ours are simply not found. A backend's test file calls `describeRepositoryContract`.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { conversationRepository } from '../../app/repositories/conversations.ts';
import { linkSessionRepository, newSession } from '../../app/repositories/link-sessions.ts';
import { postsRepository, type RequestPosts } from '../../app/repositories/posts.ts';
import { rateLimitRepository } from '../../app/repositories/rate-limits.ts';
import type { StoredRequest } from '../../core/approvals/request-service.ts';
import { newJob, type Job } from '../../core/jobs/job-types.ts';
import type { Plan } from '../../core/plan-types.ts';
import { newRequest } from '../../core/policy.ts';
import type { Clock } from '../../core/ports.ts';
import { jobRepository } from '../../core/repositories/jobs.ts';
import { ORPHAN_MARKER_MS, requestRepository } from '../../core/repositories/requests.ts';
import { instancesOf, type StoreBackend } from './store.contract.ts';

const RITA = { id: 'rita', name: 'Rita' };

const clockAt = (t = Date.parse('2026-12-08T09:00:00Z')) => {
  let now = t;
  const clock: Clock & { advance(ms: number): void } = {
    now: () => new Date(now),
    advance: (ms) => void (now += ms),
  };
  return clock;
};

// A plan is opaque to the repositories: only its hash and basis travel with the request.
const plan = { playbook: 'hard-match', hash: 'a'.repeat(64), basis: {}, steps: [] } as unknown as Plan;

const stored = (id: string, clock: Clock): StoredRequest => ({
  request: newRequest({
    id,
    requester: RITA,
    reason: 'r',
    ticket: null,
    plan,
    now: clock.now(),
    ttlHours: 24,
  }),
  plan,
});

const job = (id: string, clock: Clock): Job =>
  newJob({ requestId: id, plan, requestedBy: RITA, approvedBy: null, now: clock.now() });

const posts = (requestId: string): RequestPosts => ({
  requestId,
  posts: [],
  requesterConversationId: 'c1',
  approverConversationId: 'c1',
  requester: { ...RITA, teamsId: '29:rita' },
  approver: null,
  viewers: [],
  checks: [],
  followUp: null,
  told: false,
});

export const describeRepositoryContract = (name: string, backend: () => StoreBackend): void => {
  const withInstances = instancesOf(backend);

  describe(`repositories contract: ${name}`, () => {
    it('requests: the pending index lists pending requests only, whatever the history', () =>
      withInstances(2, async ([a, b]) => {
        const clock = clockAt();
        const ra = requestRepository(a!.store, clock);
        const rb = requestRepository(b!.store, clock);
        const ids = Array.from({ length: 5 }, () => randomUUID());
        for (const id of ids) await ra.create(stored(id, clock));
        // Three leave pending (decided on another instance); two stay.
        for (const id of ids.slice(0, 3))
          await rb.update(id, (r) => ({ ...r, request: { ...r.request, state: 'rejected' } }));
        const pending = await rb.pendingIds();
        for (const id of ids.slice(3)) expect(pending).toContain(id);
        for (const id of ids.slice(0, 3)) expect(pending).not.toContain(id);
        expect((await ra.get(ids[0]!))?.value.request.state).toBe('rejected');
      }));

    it('requests: an update that refuses or returns null writes nothing; foreign ids are not found', () =>
      withInstances(1, async ([a]) => {
        const clock = clockAt();
        const repo = requestRepository(a!.store, clock);
        const id = randomUUID();
        await repo.create(stored(id, clock));
        const before = await repo.get(id);
        await expect(
          repo.update(id, () => {
            throw new Error('refused');
          }),
        ).rejects.toThrow('refused');
        expect(await repo.update(id, () => null)).toBeNull();
        expect((await repo.get(id))?.etag).toBe(before?.etag);
        for (const foreign of ['../jobs/x', 'requests/x', '', 'a b', 'x'.repeat(200)]) {
          expect(await repo.get(foreign)).toBeNull();
          expect(await repo.update(foreign, (r) => r)).toBeNull();
        }
        await expect(repo.create(stored(id, clock))).rejects.toMatchObject({ code: 'STORE.CONFLICT' });
      }));

    it('requests: concurrent updates from two instances are all applied (re-applied on a lost race)', () =>
      withInstances(2, async ([a, b]) => {
        const clock = clockAt();
        const id = randomUUID();
        await requestRepository(a!.store, clock).create(stored(id, clock));
        const addDecision = (who: string) => (r: StoredRequest) => ({
          ...r,
          request: {
            ...r.request,
            decisions: [
              ...r.request.decisions,
              {
                by: { id: who, name: who },
                verdict: 'rejected' as const,
                at: clock.now().toISOString(),
                comment: null,
              },
            ],
          },
        });
        await Promise.all(
          Array.from({ length: 4 }, (_, i) =>
            requestRepository((i % 2 === 0 ? a : b)!.store, clock).update(id, addDecision(`p${i}`)),
          ),
        );
        const decided = (await requestRepository(a!.store, clock).get(id))!.value.request.decisions;
        expect(decided.map((d) => d.by.id).sort()).toEqual(['p0', 'p1', 'p2', 'p3']);
      }));

    it('requests: a marker whose request was never written is reported with its age, so it can be dropped', () =>
      withInstances(1, async ([a]) => {
        const clock = clockAt();
        const repo = requestRepository(a!.store, clock);
        const id = randomUUID();
        // A writer that died between the marker and the document: only the marker exists.
        await a!.store.put(`index/requests-pending/${id}`, { since: clock.now().toISOString() }, null);
        expect(await repo.pendingIds()).toContain(id);
        expect(await repo.get(id)).toBeNull();
        clock.advance(ORPHAN_MARKER_MS + 1);
        expect(clock.now().getTime() - (await repo.pendingSince(id))!.getTime()).toBeGreaterThan(
          ORPHAN_MARKER_MS,
        );
        await repo.unindexPending(id);
        expect(await repo.pendingIds()).not.toContain(id);
      }));

    it('jobs: expected before created, created once, compare-and-swap, finished jobs leave the index', () =>
      withInstances(2, async ([a, b]) => {
        const clock = clockAt();
        const ja = jobRepository(a!.store, clock);
        const jb = jobRepository(b!.store, clock);
        const id = randomUUID();
        await ja.expect(id);
        expect(await jb.unfinishedIds()).toContain(id);
        expect(await jb.get(id)).toBeNull();
        expect(await ja.create(job(id, clock))).toBe(true);
        expect(await jb.create(job(id, clock))).toBe(false);
        const doc = (await jb.get(id))!;
        const etag = await jb.replace({ ...doc.value, state: 'running' }, doc.etag);
        await expect(ja.replace({ ...doc.value, state: 'stale' }, doc.etag)).rejects.toMatchObject({
          code: 'STORE.CONFLICT',
        });
        expect(await ja.unfinishedIds()).toContain(id);
        await ja.replace({ ...doc.value, state: 'succeeded' }, etag);
        expect(await jb.unfinishedIds()).not.toContain(id);
        expect((await jb.get(id))?.value.state).toBe('succeeded');
      }));

    it('posts: create-only, and concurrent changes from two instances are all kept', () =>
      withInstances(2, async ([a, b]) => {
        const id = randomUUID();
        expect(await postsRepository(a!.store).create(posts(id))).toBe(true);
        expect(await postsRepository(b!.store).create(posts(id))).toBe(false);
        await Promise.all(
          ['p1', 'p2', 'p3', 'p4'].map((postId, i) =>
            postsRepository((i % 2 === 0 ? a : b)!.store).update(id, (p) => ({
              ...p,
              posts: [...p.posts, { role: 'approver', conversationId: 'c1', postId }],
            })),
          ),
        );
        const all = (await postsRepository(a!.store).get(id))!.posts.map((p) => p.postId);
        expect(all.sort()).toEqual(['p1', 'p2', 'p3', 'p4']);
        expect(await postsRepository(a!.store).update(randomUUID(), (p) => p)).toBeNull();
      }));

    it('link sessions: one per conversation, any conversation id, the newest wins', () =>
      withInstances(2, async ([a, b]) => {
        const channel = `19:${randomUUID()}@thread.tacv2;messageid=1701`;
        const chat = `a:${randomUUID()}`;
        await linkSessionRepository(a!.store).save(channel, newSession('s1', null, 'cloud-1'));
        await linkSessionRepository(b!.store).save(channel, newSession('s2'));
        await linkSessionRepository(a!.store).save(chat, newSession('s3'));
        expect((await linkSessionRepository(b!.store).get(channel))?.id).toBe('s2');
        expect((await linkSessionRepository(b!.store).get(chat))?.id).toBe('s3');
        expect(await linkSessionRepository(b!.store).get(`${chat}x`)).toBeNull();
      }));

    it('rate limits: two instances racing for one slot - exactly one gets it; the other waits', () =>
      withInstances(2, async ([a, b]) => {
        const clock = clockAt();
        const tenant = randomUUID();
        const results = await Promise.all([
          rateLimitRepository(a!.store).claim('sync-now', tenant, 'x', clock.now(), 60_000),
          rateLimitRepository(b!.store).claim('sync-now', tenant, 'y', clock.now(), 60_000),
        ]);
        expect(results.filter((w) => w === 0)).toHaveLength(1);
        expect(results.find((w) => w > 0)).toBeGreaterThan(0);
        // Another tenant has its own slot; after the interval the first is free again.
        expect(
          await rateLimitRepository(a!.store).claim('sync-now', randomUUID(), 'x', clock.now(), 60_000),
        ).toBe(0);
        clock.advance(60_001);
        expect(await rateLimitRepository(b!.store).claim('sync-now', tenant, 'y', clock.now(), 60_000)).toBe(
          0,
        );
      }));

    it('conversations: references are stored opaque, per conversation id', () =>
      withInstances(2, async ([a, b]) => {
        const id = `19:${randomUUID()}@thread.tacv2`;
        const ref = { serviceUrl: 'https://smba.example/', conversation: { id }, bot: { id: '28:x' } };
        await conversationRepository(a!.store).save(id, ref);
        expect(await conversationRepository(b!.store).get(id)).toEqual(ref);
        expect(await conversationRepository(b!.store).get(`${id}1`)).toBeNull();
      }));
  });
};
