// Insider findings of the hardening review (issue 12: 3, 4, 5), each sent as a crafted activity through
// the real Application: the refusal, and that nothing changed.
import { describe, expect, it } from 'vitest';
import type { StoredRequest } from '../../../core/approvals/request-service.ts';
import { VERBS } from '../../../cards/verbs.ts';
import { jobOf } from '../../support/jobs.ts';
import { createApprovalHarness, INES, REQUESTERS, requested, RITA, SAM } from './approval-harness.ts';
import { cardOf, textOf } from './harness.ts';

const stateOf = async (h: ReturnType<typeof createApprovalHarness>, id: string) =>
  (await h.storage.store.get<StoredRequest>(`requests/${id}`))?.value.request.state;

describe('four-eyes and ownership hold for every form of an id and every verb', () => {
  it.each([
    ['upper case', RITA.id.toUpperCase()],
    ['padded with spaces', ` ${RITA.id} `],
    ['both', ` ${RITA.id.toUpperCase()}\t`],
  ])('the requester cannot approve her own request with her object id %s', async (_name, id) => {
    const h = createApprovalHarness();
    const { requestId, approvalId } = await requested(h);
    const res = await h.execute(VERBS.approve, { requestId }, { ...RITA, id }, approvalId);
    expect(res.type).toBe('application/vnd.microsoft.error');
    expect(res.value.code).toBe('APPROVAL.SELF_APPROVAL');
    expect(await stateOf(h, requestId)).toBe('pending');
    expect(await jobOf(h.storage.store, requestId)).toBeUndefined();
    // Approved by someone else it runs: the refusal was about the person, not the request.
    await h.execute(VERBS.approve, { requestId }, SAM, approvalId);
    expect(await stateOf(h, requestId)).toBe('approved');
  });

  it('another requester cannot "request again" someone else\'s request (nor take over its reason)', async () => {
    const h = createApprovalHarness();
    h.cloud.groups.set(REQUESTERS, [RITA.id, INES.id]);
    const { requestId, approvalId } = await requested(h);
    await h.execute(VERBS.reject, { requestId, comment: 'not yet' }, SAM, approvalId);
    const requestsBefore = (await h.storage.store.list('requests/')).length;
    const res = await h.execute(VERBS.requestAgain, { requestId }, INES);
    expect(res.value.code).toBe('APPROVAL.NOT_ALLOWED');
    expect(res.value.message).toMatch(/Only Rita Requester, who made this request, can ask again/);
    expect((await h.storage.store.list('requests/')).length).toBe(requestsBefore);
    expect(await stateOf(h, requestId)).toBe('rejected');
    const refused = (await h.storage.audit.recent(20)).find(
      (e) => e.action === 'request.requested-again' && e.outcome === 'refused',
    );
    expect(refused).toMatchObject({ actor: INES.id, requestId });
    // Its own requester still can.
    const again = await h.execute(VERBS.requestAgain, { requestId }, RITA);
    expect(again.type).toBe('application/vnd.microsoft.card.adaptive');
    expect((await h.storage.store.list('requests/')).length).toBe(requestsBefore + 1);
  });

  it("sync now's rate limit is the guarded tenant's: leaving out or changing the activity's tenant starts no second sync", async () => {
    const h = createApprovalHarness();
    expect(textOf(cardOf((await h.send('sync now', RITA))[0]))).toMatch(/Delta sync started/);
    for (const conversation of [
      { id: '19:chat@thread.v2', isGroup: true, conversationType: 'groupChat', name: '' },
      { id: '19:chat@thread.v2', isGroup: true, conversationType: 'groupChat', name: '', tenantId: 'other' },
    ]) {
      const card = textOf(cardOf((await h.send('sync now', RITA, { conversation, channelData: {} }))[0]));
      expect(card).toMatch(/Sync not started[\s\S]*Try again in \d+ s/);
    }
    expect(h.relay.deltaSyncs).toBe(1);
  });
});
