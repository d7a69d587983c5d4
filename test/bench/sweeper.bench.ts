// The sweeper's round (expire overdue requests, adopt orphaned jobs) with 0, 1,000 and 10,000 finished
// requests and jobs in the store, on SQLite and on Azure Blob (Azurite): it reads the state indexes only,
// so its work - the store calls it makes, counted - stays flat while the history grows. Beside it, the
// full listing the old sweeper made. (Azurite's own time per read grows with the data in its container,
// an emulator artefact: the call count is the measure that does not depend on the backend.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRuntime } from '../../app/runtime.ts';
import { CARD_RENDERER } from '../../cards/renderer.ts';
import { createLogger } from '../../config/logger.ts';
import {
  createBlobStorage,
  createSqliteStorage,
  type Storages,
} from '../../connectors/store/create-storage.ts';
import type { StoredRequest } from '../../core/approvals/request-service.ts';
import { newJob, type Job } from '../../core/jobs/job-types.ts';
import type { Plan } from '../../core/plan-types.ts';
import type { Store } from '../../core/ports.ts';
import { newRequest } from '../../core/policy.ts';
import { jobRepository } from '../../core/repositories/jobs.ts';
import { requestRepository } from '../../core/repositories/requests.ts';
import { startAzurite } from '../integration/store/azurite.ts';
import { RecordingNotifier } from '../fakes/recording-notifier.ts';
import { createWorld } from '../fakes/world.ts';

const SIZES = [0, 1_000, 10_000];
const ROUNDS = 20;
const OPEN = { pending: 10, unfinished: 5 };
const clock = { now: () => new Date('2026-12-08T09:00:00Z') };
const plan = { playbook: 'hard-match', hash: 'a'.repeat(64), basis: {}, steps: [] } as unknown as Plan;
const person = { id: 'p', name: 'P' };

const request = (id: string, state: 'pending' | 'rejected'): StoredRequest => {
  const r = newRequest({
    id,
    requester: person,
    reason: 'bench',
    ticket: null,
    plan,
    now: clock.now(),
    ttlHours: 24,
  });
  return { request: { ...r, state }, plan };
};
const job = (id: string, state: Job['state']): Job => ({
  ...newJob({ requestId: id, plan, requestedBy: person, approvedBy: person, now: clock.now() }),
  state,
  // A live lease: the sweeper must see these jobs and leave them to their runner.
  lease: state === 'running' ? { owner: 'other', expiresAt: '2099-01-01T00:00:00Z' } : null,
});

/** Finished history written as it ends up (no index markers), `limit` writes at a time. */
const seedHistory = async (s: Storages, from: number, to: number) => {
  const ids = Array.from({ length: to - from }, (_, i) => `f-${String(from + i).padStart(6, '0')}`);
  for (let i = 0; i < ids.length; i += 32)
    await Promise.all(
      ids
        .slice(i, i + 32)
        .flatMap((id) => [
          s.store.put(`requests/${id}`, request(id, 'rejected'), null),
          s.store.put(`jobs/${id}`, job(id, 'succeeded'), null),
        ]),
    );
};

const seedOpen = async (s: Storages) => {
  const requests = requestRepository(s.store, clock);
  const jobs = jobRepository(s.store, clock);
  for (let i = 0; i < OPEN.pending; i++) await requests.create(request(`p-${i}`, 'pending'));
  for (let i = 0; i < OPEN.unfinished; i++) await jobs.create(job(`u-${i}`, 'running'));
};

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** The store with every call counted: the sweeper's work, independent of how fast the backend is. */
const counting = (store: Store) => {
  let calls = 0;
  const counted: Store = {
    get: (k) => (calls++, store.get(k)),
    put: (k, v, e) => (calls++, store.put(k, v, e)),
    delete: (k, e) => (calls++, store.delete(k, e)),
    list: (p) => (calls++, store.list(p)),
    keys: (p) => (calls++, store.keys(p)),
  };
  return { store: counted, calls: () => calls, reset: () => void (calls = 0) };
};

const measure = async (name: string, s: Storages, fullUpTo: number) => {
  const world = createWorld();
  const count = counting(s.store);
  const log = createLogger({ level: 'silent' });
  const runtime = createRuntime({
    ...world.deps,
    log,
    clock,
    store: count.store,
    audit: s.audit,
    requestersGroupId: null,
    approversGroupId: null,
    ttlHours: 24,
    sweepMs: 60_000,
    workflow: { approversConversationId: null, syncNowIntervalMs: 0 },
    notifier: new RecordingNotifier(),
    render: CARD_RENDERER,
  });
  await seedOpen(s);
  let seeded = 0;
  for (const size of SIZES) {
    await seedHistory(s, seeded, size);
    seeded = size;
    const times: number[] = [];
    count.reset();
    for (let r = 0; r < ROUNDS; r++) {
      const t = performance.now();
      await runtime.sweep();
      times.push(performance.now() - t);
    }
    // The old sweeper's full listing, for contrast: on Azure it downloads every document, so it is
    // measured only up to `fullUpTo` documents there (it took minutes at 20,000 in Azurite).
    let full = '';
    if (size <= fullUpTo) {
      const t = performance.now();
      const all = (await s.store.list('requests/')).length + (await s.store.list('jobs/')).length;
      full = `   (a full listing of ${all} documents, as the old sweeper did: ${(performance.now() - t).toFixed(0)} ms)`;
    }
    console.log(
      `${name.padEnd(8)} ${String(size).padStart(6)} finished: sweep ${count.calls() / ROUNDS} store calls, p50 ${pct(times, 0.5).toFixed(1)} ms, p95 ${pct(times, 0.95).toFixed(1)} ms${full}`,
    );
  }
  await runtime.stop();
};

console.log(
  `sweeper round, ${OPEN.pending} pending requests and ${OPEN.unfinished} running jobs open; goal: flat in the history`,
);
const dir = mkdtempSync(join(tmpdir(), 'hm-sweep-'));
const sqlite = createSqliteStorage(join(dir, 'bench.sqlite'));
try {
  await measure('SQLite', sqlite, Infinity);
} finally {
  sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}
const azurite = await startAzurite();
try {
  await measure('Azurite', await createBlobStorage(azurite.connectionString, 'bench-sweeper'), 1_000);
} finally {
  await azurite.stop();
}
