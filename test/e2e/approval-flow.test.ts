/**
 * Approve and execute in a real Teams client: Helpdesk Harry (the Playground's currentUser, in the
 * requesters group) asks in the group chat; Senior Sam (approvers group) acts by rewriting `from` on the
 * page's own invoke requests. The sandbox's Graph simulator, in-memory AD and Entra Connect simulator
 * do the rest; the job card must end "verified: linked". Screenshots land in artifacts/e2e/.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { shot } from './playground.ts';
import {
  asUser,
  bubble,
  cards,
  INES_OPS,
  mentionInChat,
  SENIOR_SAM,
  tamperNextInvoke,
} from './support/approval.ts';
import { useE2eSession } from './support/session.ts';
import { staleImmutableIdOf } from '../../sandbox/graph/scenarios.ts';

// Own ports, so this file never collides with the other e2e files' sandboxes.
const e2e = useE2eSession({
  botPort: 3988,
  playgroundPort: 56160,
  chat: 'Identity Desk',
  failShot: 'approval',
});

const JOB_DONE_MS = 60_000;

/**
 * `link <ad> <cloud>` in the group chat, a reason, Request approval. Cards are found by their content
 * (the request id), not by position: the chat list does not keep every old message mounted.
 */
const requestMatch = async (page: Page, ad: string, cloud: string, reason: string) => {
  await mentionInChat(page, `link ${ad} ${cloud}`);
  const review = cards(page).filter({ hasText: 'Request approval' }).last();
  await review.getByLabel(/Reason/).fill(reason);
  await review.getByLabel(/Ticket/).fill('INC-4711');
  await review.getByRole('button', { name: 'Request approval' }).click();
  const sent = cards(page)
    .filter({ has: page.getByText('Sent for approval', { exact: true }) })
    .last();
  await sent.waitFor();
  const requestId = /Request id\s+([0-9a-f-]{36})/.exec(await sent.innerText())?.[1] ?? '';
  expect(requestId).not.toBe('');
  return { requestId, ...requestCards(page, requestId) };
};

/** The requester's card (posted first) and the approvers' card (posted after it) of one request. */
const requestCards = (page: Page, requestId: string) => {
  // By "Request id <id>": an older card that only names it as "Asked again" does not count.
  const both = cards(page).filter({ hasText: new RegExp(`Request id\\s*${requestId}`) });
  return { mine: both.first(), approval: both.last(), both };
};

/** Both cards of the request show `status`. */
const bothShow = async (page: Page, both: Locator, status: string, timeout = 10_000) =>
  both
    .filter({ has: page.getByText(status, { exact: true }) })
    .nth(1)
    .waitFor({ timeout });

/** Graph writes the simulator received (PATCH / DELETE), to prove a refused click wrote nothing. */
const graphWrites = (): number =>
  e2e.sandbox.world.graph.faults.stats.recent.filter((r) => r.method === 'PATCH' || r.method === 'DELETE')
    .length;

const text = (l: Locator) => l.innerText();

describe('approve and execute in the Agents Playground', () => {
  // Guide 004: Carla's cloud user carries an old forest's ImmutableID, so every sync (sync now, another
  // job's) reports InvalidSoftMatch for her AD account and links nothing: only the approved match does.
  it('guide 004: the requester cannot approve, nor can a non-approver, nor a tampered payload; then Sam approves', async () => {
    const { page } = e2e.browser;
    const { approval, both } = await requestMatch(
      page,
      'carla.obrien',
      'carla.obrien@contoso.com',
      'New hire, simple match.',
    );
    const writes = graphWrites();
    const pending = await text(approval);

    // Harry (currentUser, the requester) presses Approve on the approvers' card.
    await approval.getByRole('button', { name: 'Approve' }).click();
    await page
      .getByText(/cannot approve or reject your own request/)
      .first()
      .waitFor();
    await shot(page, 'approval-01-self-approval-refused');
    // Ines is in neither group.
    await asUser(page, INES_OPS, async () => {
      await approval.getByRole('button', { name: 'Reject' }).click();
      await page
        .getByText(/Only members of the approvers group/)
        .first()
        .waitFor();
    });
    // Sam's click, tampered: another request id, another verb, an extra field.
    await asUser(page, SENIOR_SAM, async () => {
      await tamperNextInvoke(page, SENIOR_SAM, (a) => ({
        verb: a.verb,
        data: { ...a.data, requestId: 'not-a-request' },
      }));
      await approval.getByRole('button', { name: 'Approve' }).click();
      await page
        .getByText(/This request does not exist/)
        .first()
        .waitFor();
      await tamperNextInvoke(page, SENIOR_SAM, (a) => ({ verb: 'hm.approval.withdraw', data: a.data }));
      await approval.getByRole('button', { name: 'Approve' }).click();
      await page
        .getByText(/Only the person who asked can withdraw/)
        .first()
        .waitFor();
      await tamperNextInvoke(page, SENIOR_SAM, (a) => ({
        verb: a.verb,
        data: { ...a.data, approver: 'x', state: 'approved' },
      }));
      await approval.getByRole('button', { name: 'Approve' }).click();
      await page
        .getByText(/This card sent data I do not understand/)
        .first()
        .waitFor();
    });
    expect(graphWrites()).toBe(writes);
    expect(await text(approval)).toBe(pending);
    const carla = await e2e.sandbox.world.ports.cloud.getUser('carla.obrien@contoso.com');
    expect(carla?.onPremisesImmutableId).toBe(
      staleImmutableIdOf(e2e.sandbox.world.scenarios['guide-004-simple'].adUser),
    );
    expect(carla?.onPremisesSyncEnabled).toBeNull();

    await asUser(page, SENIOR_SAM, () => approval.getByRole('button', { name: 'Approve' }).click());
    await bothShow(page, both, 'Done - verified: linked', JOB_DONE_MS);
    await shot(approval, 'approval-02-guide-004-verified');

    // Undo is judged against today's facts when the job ends: the verified link can be undone by
    // unlinking (a new request with its own approval), so the card offers it (approval-undo.test.ts
    // clicks it).
    await approval.getByRole('button', { name: 'Undo' }).waitFor();
    expect(await text(approval)).not.toMatch(/Not possible/);
    expect(graphWrites()).toBe(writes + 1);
  });

  it('guide 000 (synced duplicate): Harry asks, Sam approves, the job card ends verified: linked for both', async () => {
    const { page } = e2e.browser;
    const { approval, both } = await requestMatch(
      page,
      'anna.berg',
      'anna.berg@contoso.com',
      'Anna must keep her cloud mailbox; her AD account synced as a duplicate. [Approve here](https://evil.example/approve)',
    );
    expect(await text(approval)).toMatch(/Requested by\s+Helpdesk Harry[\s\S]*Reason\s+Anna must keep/);
    // The reason is shown as typed, not as markdown: in the Playground's renderer it is no link.
    expect(await text(approval)).toContain('[Approve here](https://evil.example/approve)');
    expect(await approval.locator('a', { hasText: 'Approve here' }).count()).toBe(0);
    expect(await text(approval)).toMatch(/AD account already synced as a second cloud user/);
    expect(await text(approval)).toMatch(/Plan: Replace the synced duplicate, then hard match/);
    await bubble(page, /Approval needed from an approver \(Senior Sam\)/).waitFor();
    await shot(approval, 'approval-03-guide-000-pending');

    await asUser(page, SENIOR_SAM, async () => {
      await approval.getByLabel(/Comment/).fill('Checked with the mailbox owner.');
      await approval.getByRole('button', { name: 'Approve' }).click();
      await approval.getByText(/^Approved - /).waitFor();
    });
    // Progress is posted by updating the card in place while the job runs.
    await approval.getByText(/^Approved - running\. Step [1-8] of 8: /).waitFor({ timeout: JOB_DONE_MS });
    await shot(approval, 'approval-03b-guide-000-running');
    await bothShow(page, both, 'Done - verified: linked', JOB_DONE_MS);
    expect(await text(approval)).toMatch(/Approved by Senior Sam: "Checked with the mailbox owner\."/);
    expect(await text(approval)).toMatch(/Audit id\s+[0-9a-f-]{36}/);
    await bubble(page, /Done - verified: anna\.berg@contoso\.com is linked\./).waitFor();
    const anna = e2e.sandbox.world.tenant.getUser(
      e2e.sandbox.world.scenarios['guide-000-synced-duplicate'].cloudUser.id,
    );
    expect(anna?.onPremisesSyncEnabled).toBe(true);
    await shot(approval, 'approval-04-guide-000-verified');
    await shot(page, 'approval-05-guide-000-chat');
  });

  it('guide 002: Sam rejects with a comment, Harry asks again, then withdraws the new request', async () => {
    const { page } = e2e.browser;
    const { approval, both } = await requestMatch(
      page,
      'bram.devries',
      'bram.devries@contoso.com',
      'Bram is back; his old synced account is in the recycle bin.',
    );
    await asUser(page, SENIOR_SAM, async () => {
      await approval.getByLabel(/Comment/).fill('Wait for HR to confirm.');
      await approval.getByRole('button', { name: 'Reject' }).click();
      await approval.getByText('Rejected', { exact: true }).waitFor();
    });
    await bothShow(page, both, 'Rejected');
    expect(await text(approval)).toMatch(/Rejected by Senior Sam: "Wait for HR to confirm\."/);
    await shot(approval, 'approval-06-guide-002-rejected');

    await approval.getByRole('button', { name: 'Request again' }).click();
    await approval.getByText('Asked again').waitFor();
    const newId = /Asked again\s+([0-9a-f-]{36})/.exec(await text(approval))?.[1] ?? '';
    expect(newId).not.toBe('');
    const again = requestCards(page, newId);
    await again.approval.getByText('Waiting for an approver').waitFor();
    await again.mine.getByRole('button', { name: 'Withdraw' }).click();
    await bothShow(page, again.both, 'Withdrawn by the requester');
    await shot(again.mine, 'approval-07-guide-002-withdrawn');
  });

  it('sync now (requesters, rate-limited) and audit in chat', async () => {
    const { page } = e2e.browser;
    const first = await mentionInChat(page, 'sync now');
    expect(await text(first)).toMatch(/Delta sync started|A sync cycle is already running/);
    const second = await mentionInChat(page, 'sync now');
    expect(await text(second)).toMatch(/Sync not started[\s\S]*Try again in \d+ s/);
    const audit = await mentionInChat(page, 'audit');
    expect(await text(audit)).toMatch(/Recent audit entries[\s\S]*sync\.delta-requested/);
    expect(await text(audit)).toMatch(/request\.withdrawn/);
    await shot(audit, 'approval-10-audit');
  });
});
