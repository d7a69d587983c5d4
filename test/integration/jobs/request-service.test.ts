import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../../../connectors/store/create-storage.ts';
import { groupMembership } from '../../../core/approvals/membership.ts';
import { requestRepository } from '../../../core/repositories/requests.ts';
import { createRequestService } from '../../../core/approvals/request-service.ts';
import { DomainError } from '../../../core/errors.ts';
import type { Person } from '../../../core/policy.ts';
import { SANDBOX_IDS } from '../../../sandbox/graph/scenarios.ts';
import { HARRY, SAM, harness, type Harness } from './harness.ts';
import { jobDoc, jobOf } from '../../support/jobs.ts';

const dir = mkdtempSync(join(tmpdir(), 'hm-requests-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codeOf = async (p: Promise<unknown>): Promise<string | undefined> =>
  p.then(
    () => undefined,
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );

let h: Harness;
afterEach(async () => {
  await h.close();
});

/** A person who exists in the tenant (group members must be directory objects). */
const person = (id: string, name: string): Person => {
  h.world.tenant.createCloudUser({
    id,
    userPrincipalName: `${name.replace(/\W/g, '').toLowerCase()}@contoso.com`,
    displayName: name,
  });
  return { id, name };
};

const open = async (scenario: Parameters<typeof harness>[0] = 'guide-004-simple', file = ':memory:') => {
  h = await harness(scenario, file);
  const plan = await h.plan();
  return {
    plan,
    created: await h.requests.create({
      requester: HARRY,
      reason: 'INC-1 user cannot sign in',
      ticket: 'INC-1',
      plan,
    }),
  };
};

const audits = async (action: string) =>
  (await h.storage.audit.recent(1000)).filter((r) => r.action === action);

describe('request service: creating', () => {
  it('stores a pending request bound to the plan hash and basis, and audits it', async () => {
    const { plan, created } = await open();
    const stored = await requestRepository(h.storage.store, h.clock).get(created.request.id);
    expect(stored?.value.request).toMatchObject({
      state: 'pending',
      planHash: plan.hash,
      basis: plan.basis,
      requester: HARRY,
      ticket: 'INC-1',
    });
    expect(stored?.value.plan.hash).toBe(plan.hash);
    expect(await audits('request.created')).toHaveLength(1);
  });

  it('refuses a missing reason, an outsider, a blocked plan and a plan whose steps do not match its hash', async () => {
    const { plan } = await open();
    await expect(h.requests.create({ requester: HARRY, reason: '   ', plan })).rejects.toMatchObject({
      code: 'INPUT.INVALID',
    });
    const outsider: Person = { id: 'f0000000-0000-4000-8000-000000000001', name: 'Outsider' };
    expect(await codeOf(h.requests.create({ requester: outsider, reason: 'x', plan }))).toBe(
      'APPROVAL.NOT_ALLOWED',
    );
    expect((await audits('request.created')).filter((a) => a.outcome === 'refused')).toHaveLength(1);
    expect(
      await codeOf(
        h.requests.create({ requester: HARRY, reason: 'x', plan: { ...plan, blockedBy: ['holder.active'] } }),
      ),
    ).toBe('INPUT.INVALID');
    const tampered = {
      ...plan,
      steps: plan.steps.map((s) =>
        s.kind === 'cloud.set-immutable-id' ? { ...s, to: 'AAAAAAAAAAAAAAAAAAAAAA==' } : s,
      ),
    };
    expect(await codeOf(h.requests.create({ requester: HARRY, reason: 'x', plan: tampered }))).toBe(
      'INTERNAL',
    );
  });
});

describe('request service: deciding', () => {
  it('approves once, queues exactly one job and audits the decision', async () => {
    const { created } = await open();
    const approved = await h.requests.approve({ requestId: created.request.id, actor: SAM, comment: 'ok' });
    expect(approved.request.state).toBe('approved');
    expect(approved.request.decisions).toEqual([
      expect.objectContaining({ by: SAM, verdict: 'approved', comment: 'ok' }),
    ]);
    expect((await jobOf(h.storage.store, created.request.id))?.state).toBe('queued');
    expect(await codeOf(h.requests.approve({ requestId: created.request.id, actor: SAM }))).toBe(
      'APPROVAL.NOT_PENDING',
    );
    expect((await audits('request.approved')).map((a) => a.outcome)).toEqual(['refused', 'ok']);
  });

  it('never lets the requester approve, even with a replayed card payload naming someone else as requester', async () => {
    const { created } = await open();
    // Harry is in the approvers group too: only the stored request's requester field stops him.
    const cardData = { requestId: created.request.id, requester: SAM, requesterId: SAM.id, verb: 'approve' };
    expect(await codeOf(h.requests.approve({ ...cardData, actor: HARRY }))).toBe('APPROVAL.SELF_APPROVAL');
    expect(await codeOf(h.requests.reject({ ...cardData, actor: HARRY }))).toBe('APPROVAL.SELF_APPROVAL');
    expect((await h.requests.get(created.request.id)).request.state).toBe('pending');
    expect(await jobDoc(h.storage.store, created.request.id)).toBeNull();
    expect((await audits('request.approved')).map((a) => a.outcome)).toEqual(['refused']);
  });

  it('checks group membership at the moment of the click', async () => {
    const { created } = await open();
    const outsider = person('f0000000-0000-4000-8000-000000000002', 'Not an approver');
    expect(await codeOf(h.requests.approve({ requestId: created.request.id, actor: outsider }))).toBe(
      'APPROVAL.NOT_ALLOWED',
    );
    h.world.tenant.addGroupMember(SANDBOX_IDS.approversGroup, outsider.id);
    expect((await h.requests.approve({ requestId: created.request.id, actor: outsider })).request.state).toBe(
      'approved',
    );
  });

  it('two bot instances receiving Approve and Reject at once: exactly one decision', async () => {
    const file = join(dir, `race-${Date.now()}.sqlite`);
    const { created } = await open('guide-004-simple', file);
    const second = createSqliteStorage(file);
    try {
      const otherApprover = person('f0000000-0000-4000-8000-000000000003', 'Second admin');
      h.world.tenant.addGroupMember(SANDBOX_IDS.approversGroup, otherApprover.id);
      const membership = groupMembership(
        h.world.cloud,
        { requestersGroupId: SANDBOX_IDS.requestersGroup, approversGroupId: SANDBOX_IDS.approversGroup },
        h.clock,
      );
      const instance2 = createRequestService({
        store: second.store,
        audit: second.audit,
        clock: h.clock,
        membership,
        ttlHours: 24,
      });
      const results = await Promise.allSettled([
        h.requests.approve({ requestId: created.request.id, actor: SAM }),
        instance2.reject({ requestId: created.request.id, actor: otherApprover, comment: 'no' }),
        instance2.approve({ requestId: created.request.id, actor: otherApprover }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(losers.map((r) => (r.reason as DomainError).code)).toEqual([
        'APPROVAL.NOT_PENDING',
        'APPROVAL.NOT_PENDING',
      ]);
      const final = await h.requests.get(created.request.id);
      expect(final.request.decisions).toHaveLength(1);
      const ok = (await h.storage.audit.recent(100)).filter(
        (a) => a.action.startsWith('request.') && a.action !== 'request.created' && a.outcome === 'ok',
      );
      expect(ok).toHaveLength(1);
    } finally {
      second.close();
    }
  });

  it('rejects with a comment; the requester withdraws; nobody else withdraws', async () => {
    const { plan, created } = await open();
    const rejected = await h.requests.reject({
      requestId: created.request.id,
      actor: SAM,
      comment: 'wrong user',
    });
    expect(rejected.request).toMatchObject({
      state: 'rejected',
      decisions: [{ verdict: 'rejected', comment: 'wrong user' }],
    });
    expect((await audits('request.rejected'))[0]?.message).toBe('wrong user');
    const second = await h.requests.create({ requester: HARRY, reason: 'again', plan });
    expect(await codeOf(h.requests.withdraw({ requestId: second.request.id, actor: SAM }))).toBe(
      'APPROVAL.NOT_ALLOWED',
    );
    expect((await h.requests.withdraw({ requestId: second.request.id, actor: HARRY })).request.state).toBe(
      'withdrawn',
    );
    expect(await codeOf(h.requests.approve({ requestId: second.request.id, actor: SAM }))).toBe(
      'APPROVAL.NOT_PENDING',
    );
    for (const bad of ['no-such-request', '../jobs/x', 'a b', '', 'x'.repeat(200)])
      expect(await codeOf(h.requests.approve({ requestId: bad, actor: SAM }))).toBe('APPROVAL.NOT_FOUND');
  });
});

describe('request service: expiry and asking again', () => {
  it('an overdue request cannot be approved, is stored as expired, and the sweep finds the rest', async () => {
    const { plan, created } = await open();
    const other = await h.requests.create({ requester: HARRY, reason: 'second', plan });
    h.clock.advance(24 * 3_600_000 + 1);
    expect((await h.requests.get(other.request.id)).request.state).toBe('expired');
    expect(await codeOf(h.requests.approve({ requestId: created.request.id, actor: SAM }))).toBe(
      'APPROVAL.EXPIRED',
    );
    expect(
      (await requestRepository(h.storage.store, h.clock).get(created.request.id))?.value.request.state,
    ).toBe('expired');
    expect(await h.requests.expireDue()).toEqual([other.request.id]);
    expect(await h.requests.expireDue()).toEqual([]);
    expect(await jobDoc(h.storage.store, created.request.id)).toBeNull();
  });

  it('asks again: a new pending request; a pending predecessor is superseded', async () => {
    const { plan, created } = await open();
    h.clock.advance(25 * 3_600_000);
    const again = await h.requests.requestAgain(created.request.id, { requester: HARRY, plan });
    expect(again.request).toMatchObject({ state: 'pending', reason: created.request.reason });
    expect((await h.requests.get(created.request.id)).request.state).toBe('expired');
    const third = await h.requests.requestAgain(again.request.id, {
      requester: HARRY,
      plan,
      reason: 'facts changed',
    });
    expect((await h.requests.get(again.request.id)).request).toMatchObject({
      state: 'superseded',
      supersededBy: third.request.id,
    });
  });
});
