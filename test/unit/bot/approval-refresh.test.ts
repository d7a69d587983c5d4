// The approval card's Universal Actions refresh (issue 7): the card names the verb, the request id and
// the users to refresh for; a refresh invoke answers each viewer with the card for their role, read from
// the store, and changes nothing.
import { describe, expect, it } from 'vitest';
import { VERBS } from '../../../cards/verbs.ts';
import type { StoredRequest } from '../../../core/approvals/request-service.ts';
import {
  createApprovalHarness,
  INES,
  requested,
  REVIEW_MSG,
  RITA,
  SAM,
  type ApprovalHarness,
} from './approval-harness.ts';
import { textOf, type CardNode } from './harness.ts';

const titles = (card: unknown) => ((card as { actions?: CardNode[] }).actions ?? []).map((a) => a.title);
const stateOf = async (h: ApprovalHarness, id: string) =>
  (await h.storage.store.get<StoredRequest>(`requests/${id}`))?.value.request.state;

/** Everything a refresh must not touch: the stored documents, the audit trail, the posted cards. */
const everything = async (h: ApprovalHarness) => ({
  store: await Promise.all(['requests/', 'jobs/', 'posts/'].map((p) => h.storage.store.list(p))),
  audit: (await h.storage.audit.recent(1000)).length,
  posts: h.messenger.posts.length,
  updates: h.messenger.updates.length,
  said: h.messenger.said.length,
});

describe('Universal Actions refresh of the approval card', () => {
  it('the posted cards carry a refresh with its verb, the request id only and the Teams ids of requester and approvers', async () => {
    const h = createApprovalHarness();
    const { res, requestId, approvalId } = await requested(h);
    const expected = {
      action: { type: 'Action.Execute', verb: VERBS.refreshApproval, data: { requestId } },
      // Ines is in the chat but not an approver; Rita (an approver too) is listed once, as the requester.
      userIds: [RITA.teamsId, SAM.teamsId],
    };
    expect(h.messenger.latest(approvalId)?.['refresh']).toEqual(expected);
    expect((res.value as unknown as Record<string, unknown>)['refresh']).toEqual(expected);
    // Card updates (here: after a decision) keep it.
    await h.execute(VERBS.reject, { requestId, comment: 'no' }, SAM, approvalId);
    expect(h.messenger.latest(REVIEW_MSG)?.['refresh']).toEqual(expected);
  });

  it('each viewer gets the card for their role while pending: approver decides, requester withdraws, others read', async () => {
    const h = createApprovalHarness();
    const { requestId } = await requested(h);
    const before = await everything(h);
    const sam = await h.refresh({ requestId }, SAM);
    expect(sam.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(titles(sam.value)).toEqual(['Approve', 'Reject']);
    expect(textOf(sam.value)).toMatch(/Waiting for an approver/);
    const rita = await h.refresh({ requestId }, RITA);
    expect(titles(rita.value)).toEqual(['Withdraw']);
    expect(textOf(rita.value)).toMatch(/Sent for approval/);
    const ines = await h.refresh({ requestId }, INES);
    expect(ines.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(titles(ines.value)).toEqual([]);
    expect(textOf(ines.value)).toMatch(/Waiting for an approver[\s\S]*Request id\n/);
    expect(textOf(ines.value)).not.toMatch(/Comment \(optional\)/);
    expect(await everything(h)).toEqual(before);
    expect(await stateOf(h, requestId)).toBe('pending');
  });

  it('after a decision every viewer gets the decided state; an overdue request reads as expired without being stored', async () => {
    const h = createApprovalHarness();
    const { requestId, approvalId } = await requested(h);
    await h.execute(VERBS.approve, { requestId }, SAM, approvalId);
    await h.runtime.idle();
    const before = await everything(h);
    for (const who of [SAM, RITA, INES]) {
      const res = await h.refresh({ requestId }, who);
      expect(textOf(res.value)).toMatch(/Done - verified: linked[\s\S]*Approved by Senior Sam/);
      expect(titles(res.value)).not.toContain('Approve');
      expect(titles(res.value)).not.toContain('Withdraw');
    }
    expect(titles((await h.refresh({ requestId }, INES)).value)).toEqual([]);
    expect(await everything(h)).toEqual(before);

    const second = createApprovalHarness();
    const pending = await requested(second);
    second.advance(25 * 3_600_000);
    const expiredBefore = await everything(second);
    for (const who of [SAM, RITA]) {
      const res = await second.refresh({ requestId: pending.requestId }, who);
      expect(textOf(res.value)).toMatch(/Expired/);
      expect(titles(res.value)).toEqual(['Request again']);
    }
    expect(titles((await second.refresh({ requestId: pending.requestId }, INES)).value)).toEqual([]);
    expect(await everything(second)).toEqual(expiredBefore);
    expect(await stateOf(second, pending.requestId)).toBe('pending');
  });

  it('a tampered refresh is refused with a clear message and changes nothing', async () => {
    const h = createApprovalHarness();
    const { requestId } = await requested(h);
    const before = await everything(h);
    for (const data of [
      { requestId, role: 'approver' },
      { requestId, verb: VERBS.approve },
      { requestId: [requestId] },
      {},
    ]) {
      const res = await h.refresh(data, SAM);
      expect(res.type).toBe('application/vnd.microsoft.error');
      expect(res.value.code).toBe('INPUT.INVALID');
      expect(res.value.message).toMatch(/This card sent data I do not understand/);
    }
    const unknown = await h.refresh({ requestId: 'someone-elses' }, SAM);
    expect(unknown.type).toBe('application/vnd.microsoft.error');
    expect(unknown.value.code).toBe('APPROVAL.NOT_FOUND');
    expect(await everything(h)).toEqual(before);
    // An automatic trigger does not make another verb a refresh: it is that verb's route (Withdraw by an
    // approver: refused, and audited as a refused withdrawal).
    const other = await h.refresh({ requestId }, SAM, VERBS.withdraw);
    expect(other.value.code).toBe('APPROVAL.NOT_ALLOWED');
    expect((await everything(h)).audit).toBe(before.audit + 1);
    expect(await stateOf(h, requestId)).toBe('pending');
  });
});
