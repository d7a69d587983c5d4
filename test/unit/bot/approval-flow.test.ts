import { describe, expect, it } from 'vitest';
import { VERBS } from '../../../cards/verbs.ts';
import type { Job } from '../../../core/jobs/job-types.ts';
import type { StoredRequest } from '../../../core/approvals/request-service.ts';
import { BOB_CLOUD } from '../../fakes/world.ts';
import {
  createApprovalHarness,
  INES,
  requested,
  REVIEW_MSG,
  RITA,
  SAM,
  type ApprovalHarness,
} from './approval-harness.ts';
import { cardOf, textOf, type CardNode } from './harness.ts';
import { jobOf } from '../../support/jobs.ts';

const titles = (card: unknown) => ((card as { actions: CardNode[] }).actions ?? []).map((a) => a.title);
const stateOf = async (h: ApprovalHarness, id: string) =>
  (await h.storage.store.get<StoredRequest>(`requests/${id}`))?.value.request.state;
const jobs = async (h: ApprovalHarness) => (await h.storage.store.list<Job>('jobs/')).length;

describe('approval step through the teams-ai Application', () => {
  it('audit entries keep the Entra id and store the display name from the activity; the audit card shows names', async () => {
    const h = createApprovalHarness();
    const { requestId, approvalId } = await requested(h);
    await h.execute(VERBS.reject, { requestId, comment: 'no' }, SAM, approvalId);
    const entries = await h.storage.audit.recent(100);
    const by = (action: string) => entries.find((e) => e.action === action && e.requestId === requestId);
    expect(by('request.created')).toMatchObject({ actor: RITA.id, actorName: RITA.name });
    expect(by('request.rejected')).toMatchObject({ actor: SAM.id, actorName: SAM.name });
    const audit = textOf(cardOf((await h.send('audit', SAM))[0]));
    expect(audit).toMatch(
      /request\.rejected[\s\S]*by Senior Sam[\s\S]*request\.created[\s\S]*by Rita Requester/,
    );
    expect(audit).not.toMatch(/by aaaaaaaa-/);
  });

  it('Request approval stores a request for the shown plan and posts the approvers a card with only its id', async () => {
    const h = createApprovalHarness();
    const { res, requestId, approvalId } = await requested(h);
    expect(textOf(res.value)).toMatch(
      /Sent for approval[\s\S]*Requested by\nRita Requester[\s\S]*Reason\nNew starter/,
    );
    expect(titles(res.value)).toEqual(['Withdraw']);
    expect(await stateOf(h, requestId)).toBe('pending');
    const card = h.messenger.latest(approvalId)!;
    expect(titles(card)).toEqual(['Approve', 'Reject']);
    const actions = (card as unknown as { actions: CardNode[] }).actions;
    expect(actions.map((a) => a.data)).toEqual([{ requestId }, { requestId }]);
    expect(textOf(card)).toMatch(/Plan: Hard match[\s\S]*Sets the ImmutableID of bob\.lee@contoso\.com/);
    // The approvers among the chat's members are @mentioned; the requester is not.
    expect(h.messenger.said[0]?.people.map((p) => p.name)).toEqual(['Senior Sam']);
  });

  it('when the facts changed since the review was shown, the review comes back with what changed and nothing is requested', async () => {
    const h = createApprovalHarness();
    const review = cardOf((await h.send('link blee bob.lee@contoso.com'))[0]);
    const sessionId = review.actions.find((a) => a.verb === VERBS.requestApproval)?.data?.['sessionId'];
    h.cloud.users = h.cloud.users.map((u) =>
      u.id === BOB_CLOUD ? { ...u, onPremisesImmutableId: 'AAAAAAAAAAAAAAAAAAAAAA==' } : u,
    );
    const res = await h.execute(VERBS.requestApproval, { sessionId, reason: 'x' }, RITA, REVIEW_MSG);
    expect(textOf(res.value)).toMatch(/The facts changed since this card was shown/);
    expect(await h.storage.store.list('requests/')).toEqual([]);
    expect(h.messenger.posts).toEqual([]);
  });

  it('only members of the requesters group may ask', async () => {
    const h = createApprovalHarness();
    const review = cardOf((await h.send('link blee bob.lee@contoso.com', INES))[0]);
    const sessionId = review.actions.find((a) => a.verb === VERBS.requestApproval)?.data?.['sessionId'];
    const res = await h.execute(VERBS.requestApproval, { sessionId, reason: 'x' }, INES, REVIEW_MSG);
    expect(res.value.code).toBe('APPROVAL.NOT_ALLOWED');
    expect(await h.storage.store.list('requests/')).toEqual([]);
  });

  it('at start the bot resumes approved work left by a stopped instance', async () => {
    const h = createApprovalHarness();
    const { requestId } = await requested(h);
    // Approved in the store, but no process ran the job (the instance stopped right after the click).
    await h.runtime.ctx.requests.approve({ requestId, actor: SAM });
    expect((await jobOf(h.storage.store, requestId))?.state).toBe('queued');
    h.runtime.start();
    await h.runtime.stop();
    expect((await jobOf(h.storage.store, requestId))?.state).toBe('succeeded');
    expect(textOf(h.messenger.latest(REVIEW_MSG))).toMatch(/Done - verified: linked/);
  });

  it('while running, the sweeper adopts a job another instance left queued, after a grace period', async () => {
    const h = createApprovalHarness();
    const { requestId } = await requested(h);
    await h.runtime.ctx.requests.approve({ requestId, actor: SAM });
    await h.runtime.sweep();
    await h.runtime.idle();
    expect((await jobOf(h.storage.store, requestId))?.state).toBe('queued');
    h.advance(31_000);
    await h.runtime.sweep();
    await h.runtime.idle();
    expect((await jobOf(h.storage.store, requestId))?.state).toBe('succeeded');
  });

  it('a missing reason is refused and nothing is stored', async () => {
    const h = createApprovalHarness();
    await h.send('link blee bob.lee@contoso.com');
    const res = await h.execute(VERBS.requestApproval, { sessionId: 's1', reason: '  ' });
    expect(res.type).toBe('application/vnd.microsoft.error');
    expect(res.value.message).toMatch(/give a reason/);
    expect(await h.storage.store.list('requests/')).toEqual([]);
  });

  it('four-eyes: the requester cannot approve, not from another conversation either; a non-approver is refused; nothing changes', async () => {
    const h = createApprovalHarness();
    const { requestId, approvalId } = await requested(h);
    const before = h.messenger.updates.length;
    const self = await h.execute(VERBS.approve, { requestId }, RITA, approvalId);
    expect(self.value.code).toBe('APPROVAL.SELF_APPROVAL');
    const replay = await h.execute(VERBS.approve, { requestId }, RITA, undefined, 'a:personal-rita');
    expect(replay.value.code).toBe('APPROVAL.SELF_APPROVAL');
    const ines = await h.execute(VERBS.reject, { requestId }, INES, approvalId);
    expect(ines.value.code).toBe('APPROVAL.NOT_ALLOWED');
    expect(ines.value.message).toMatch(/Only members of the approvers group/);
    expect(await stateOf(h, requestId)).toBe('pending');
    expect(await jobs(h)).toBe(0);
    expect(h.messenger.updates.length).toBe(before);
    expect(h.cloud.users.find((u) => u.id === BOB_CLOUD)?.onPremisesImmutableId).toBeNull();
  });

  it('tampered payloads change nothing: another request id, another verb, extra fields', async () => {
    const h = createApprovalHarness();
    const { requestId, approvalId } = await requested(h);
    const other = await h.execute(VERBS.approve, { requestId: 'someone-elses' }, SAM, approvalId);
    expect(other.value.code).toBe('APPROVAL.NOT_FOUND');
    const verb = await h.execute(VERBS.withdraw, { requestId }, SAM, approvalId);
    expect(verb.value.code).toBe('APPROVAL.NOT_ALLOWED');
    const undo = await h.execute(VERBS.undo, { requestId }, SAM, approvalId);
    expect(undo.value.code).toBe('INPUT.INVALID');
    for (const extra of [
      { requestId, approver: SAM.id },
      { requestId, state: 'approved' },
      { requestId: [requestId] },
    ]) {
      const res = await h.execute(VERBS.approve, extra, SAM, approvalId);
      expect(res.value.code).toBe('INPUT.INVALID');
      expect(res.value.message).toMatch(/This card sent data I do not understand/);
    }
    expect(await stateOf(h, requestId)).toBe('pending');
    expect(await jobs(h)).toBe(0);
  });

  it('an approver approves: the job runs in the background, every card ends verified, both people are told once', async () => {
    const h = createApprovalHarness();
    const { requestId, approvalId } = await requested(h);
    const res = await h.execute(VERBS.approve, { requestId, comment: 'ok' }, SAM, approvalId);
    expect(textOf(res.value)).toMatch(/Approved/);
    const again = await h.execute(VERBS.approve, { requestId }, SAM, approvalId);
    expect(again.value.code).toBe('APPROVAL.NOT_PENDING');
    await h.runtime.idle();
    expect(await jobs(h)).toBe(1);
    expect((await jobOf(h.storage.store, requestId))?.state).toBe('succeeded');
    expect(h.relay.deltaSyncs).toBe(1);
    for (const id of [REVIEW_MSG, approvalId]) {
      const card = h.messenger.updates.filter((u) => u.activityId === id).at(-1)?.card;
      expect(textOf(card)).toMatch(
        /Done - verified: linked[\s\S]*Approved by Senior Sam: "ok"[\s\S]*Audit id/,
      );
    }
    const running = h.messenger.updates
      .map((u) => textOf(u.card))
      .find((t) => /running\. Step \d of 3/.test(t));
    expect(running).toBeDefined();
    const told = h.messenger.said.filter((s) => s.text.includes(requestId));
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toMatch(/Done - verified: bob\.lee@contoso\.com is linked/);
    expect(told[0]?.people.map((p) => p.name)).toEqual(['Rita Requester', 'Senior Sam']);
    // Sync has linked Bob: undo is possible by unlinking (through the recycle bin), approval-gated.
    const final = h.messenger.latest(approvalId);
    expect(titles(final)).toEqual(['Undo']);
    expect(textOf(final)).not.toMatch(/Not possible/);
  });

  it('Undo after a verified link: a new request to unlink; once approved the card says unlinked', async () => {
    const h = createApprovalHarness();
    const { requestId, approvalId } = await requested(h);
    await h.execute(VERBS.approve, { requestId }, SAM, approvalId);
    await h.runtime.idle();
    const linked = h.cloud.users.find((u) => u.id === BOB_CLOUD)!;
    expect(linked.onPremisesSyncEnabled).toBe(true);
    const res = await h.execute(VERBS.undo, { requestId }, RITA, approvalId);
    expect(textOf(res.value)).toMatch(/Undo requested/);
    const undoCard = h.messenger.posts.at(-1)!;
    const text = textOf(undoCard.card);
    expect(text).toMatch(/Undo: bob\.lee@contoso\.com/);
    expect(text).toMatch(/Undo: unlink from AD/);
    expect(text).toMatch(/stays in OU=NoSync,DC=contoso,DC=com/);
    expect(text).toMatch(/The AD account stays in the parking OU/);
    const undoId = /Request id\n(\S+)/.exec(text)?.[1] ?? '';
    expect(undoId).not.toBe(requestId);
    // Nothing happens before an approver (not the requester) approves.
    expect(h.onPrem.users.find((u) => u.samAccountName === 'blee')?.dn).toMatch(/OU=Staff/);
    const self = await h.execute(VERBS.approve, { requestId: undoId }, RITA, undoCard.id);
    expect(self.value.code).toBe('APPROVAL.SELF_APPROVAL');
    await h.execute(VERBS.approve, { requestId: undoId }, SAM, undoCard.id);
    await h.runtime.idle();
    const job = await jobOf(h.storage.store, undoId);
    expect(job?.state).toBe('succeeded');
    expect(job?.plan.steps.map((s) => s.kind)).toEqual([
      'ad.move-user',
      'relay.delta-sync',
      'cloud.confirm-soft-deleted',
      'cloud.restore-deleted',
      'cloud.set-immutable-id',
      'cloud.verify-unlinked',
    ]);
    const bob = h.cloud.users.find((u) => u.id === BOB_CLOUD);
    expect(bob?.onPremisesSyncEnabled).toBe(false);
    expect(bob?.onPremisesImmutableId).toBeNull();
    expect(h.cloud.deleted.some((u) => u.id === BOB_CLOUD)).toBe(false);
    expect(h.onPrem.users.find((u) => u.samAccountName === 'blee')?.dn).toBe(
      'CN=blee,OU=NoSync,DC=contoso,DC=com',
    );
    const final = h.messenger.latest(undoCard.id);
    expect(textOf(final)).toMatch(/Done - verified: unlinked[\s\S]*stays at CN=blee,OU=NoSync/);
    // An undo is not undone in turn.
    expect(titles(final)).toEqual([]);
    expect(textOf(final)).toMatch(/Undo\nNot possible: This job was itself an undo/);
  });

  it('Undo is judged again at the click; when possible it is a new request that needs its own approval', async () => {
    const h = createApprovalHarness();
    const { requestId, approvalId } = await requested(h);
    await h.execute(VERBS.approve, { requestId }, SAM, approvalId);
    await h.runtime.idle();
    // Suppose the link has not reached Entra after all (the cloud user is not synced any more).
    h.cloud.users = h.cloud.users.map((u) =>
      u.id === BOB_CLOUD ? { ...u, onPremisesSyncEnabled: false } : u,
    );
    h.relay.onDeltaSync = () => undefined;
    const res = await h.execute(VERBS.undo, { requestId }, RITA, approvalId);
    expect(textOf(res.value)).toMatch(/Undo requested/);
    const undoCard = h.messenger.posts.at(-1)!;
    expect(textOf(undoCard.card)).toMatch(/Undo: bob\.lee@contoso\.com[\s\S]*Reason\nUndo of request/);
    const undoId = /Request id\n(\S+)/.exec(textOf(undoCard.card))?.[1] ?? '';
    expect(h.cloud.users.find((u) => u.id === BOB_CLOUD)?.onPremisesImmutableId).not.toBeNull();
    const self = await h.execute(VERBS.approve, { requestId: undoId }, RITA, undoCard.id);
    expect(self.value.code).toBe('APPROVAL.SELF_APPROVAL');
    await h.execute(VERBS.approve, { requestId: undoId }, SAM, undoCard.id);
    await h.runtime.idle();
    expect((await jobOf(h.storage.store, undoId))?.state).toBe('succeeded');
    expect(h.cloud.users.find((u) => u.id === BOB_CLOUD)?.onPremisesImmutableId).toBeNull();
    expect(textOf(h.messenger.latest(undoCard.id))).toMatch(/Done: all steps completed/);
  });

  it('reject with a comment; the requester may ask again, which posts a new request and notes it on the old cards', async () => {
    const h = createApprovalHarness();
    const { requestId, approvalId } = await requested(h);
    const res = await h.execute(VERBS.reject, { requestId, comment: 'Wrong ticket' }, SAM, approvalId);
    expect(textOf(res.value)).toMatch(/Rejected[\s\S]*Rejected by Senior Sam: "Wrong ticket"/);
    expect(titles(res.value)).toEqual(['Request again']);
    const posts = h.messenger.posts.length;
    const again = await h.execute(VERBS.requestAgain, { requestId }, RITA, approvalId);
    expect(textOf(again.value)).toMatch(/Asked again/);
    expect(titles(again.value)).toEqual([]);
    expect(h.messenger.posts.length).toBe(posts + 2); // the requester's new card and the approvers'
    const fresh = await h.storage.store.list<StoredRequest>('requests/');
    expect(fresh.map((d) => d.value.request.state).sort()).toEqual(['pending', 'rejected']);
  });

  it('the requester withdraws a pending request; nobody else can', async () => {
    const h = createApprovalHarness();
    const { requestId, approvalId } = await requested(h);
    const sam = await h.execute(VERBS.withdraw, { requestId }, SAM, approvalId);
    expect(sam.value.code).toBe('APPROVAL.NOT_ALLOWED');
    const res = await h.execute(VERBS.withdraw, { requestId }, RITA, REVIEW_MSG);
    expect(textOf(res.value)).toMatch(/Withdrawn by the requester/);
    expect(textOf(h.messenger.latest(approvalId))).toMatch(/Withdrawn by the requester/);
    expect(titles(h.messenger.latest(approvalId))).toEqual(['Request again']);
  });

  it('expiry: the sweeper marks the request expired on every card; a late approval is refused; Request again works', async () => {
    const h = createApprovalHarness();
    const { requestId, approvalId } = await requested(h);
    h.advance(25 * 3_600_000);
    const late = await h.execute(VERBS.approve, { requestId }, SAM, approvalId);
    expect(late.value.code).toBe('APPROVAL.EXPIRED');
    expect(await stateOf(h, requestId)).toBe('expired');
    expect(textOf(h.messenger.latest(approvalId))).toMatch(/Expired/);
    expect(titles(h.messenger.latest(approvalId))).toEqual(['Request again']);
    expect(await jobs(h)).toBe(0);
    const again = await h.execute(VERBS.requestAgain, { requestId }, RITA, approvalId);
    expect(textOf(again.value)).toMatch(/Asked again/);

    const second = await requested(h);
    h.advance(25 * 3_600_000);
    await h.runtime.sweep();
    expect(await stateOf(h, second.requestId)).toBe('expired');
    expect(textOf(h.messenger.latest(second.approvalId))).toMatch(/Expired[\s\S]*Nobody decided/);
  });

  it('card buttons that send a message without text (Action.Submit) still reach their routes', async () => {
    const h = createApprovalHarness();
    const sent = await h.send('', RITA, { value: { verb: VERBS.commandErrors } });
    expect(textOf(cardOf(sent[0]))).toMatch(/Sync errors/);
  });

  it('sync now: requesters only, at most once per interval; audit shows recent entries', async () => {
    const h = createApprovalHarness();
    const ines = await h.send('sync now', INES);
    expect(textOf(cardOf(ines[0]))).toMatch(/APPROVAL\.NOT_ALLOWED/);
    expect(textOf(cardOf((await h.send('sync now'))[0]))).toMatch(/Delta sync started/);
    expect(textOf(cardOf((await h.send('sync now'))[0]))).toMatch(
      /Sync not started[\s\S]*Try again in 120 s/,
    );
    h.advance(121_000);
    expect(textOf(cardOf((await h.send('sync now'))[0]))).toMatch(/Delta sync started/);
    expect(h.relay.deltaSyncs).toBe(2);
    const audit = textOf(cardOf((await h.send('audit', SAM))[0]));
    expect(audit).toMatch(/Recent audit entries[\s\S]*sync\.delta-requested[\s\S]*by Rita Requester/);
    expect(audit).not.toContain(`by ${RITA.id}`);
    expect(textOf(cardOf((await h.send('audit', INES))[0]))).toMatch(/APPROVAL\.NOT_ALLOWED/);
  });
});
