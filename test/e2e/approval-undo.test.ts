/**
 * Undo of a verified link in a real Teams client: Helpdesk Harry links guide 004 (Carla) through an
 * approval, then presses Undo on the final card; that is a new request that Senior Sam must approve;
 * its job parks Carla's AD account, lets sync soft-delete her cloud user, restores it cloud-only and
 * puts back her previous (empty) ImmutableID. The undo card must end "verified: unlinked".
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { PARKING_OU_DN } from '../../sandbox/playground/world.ts';
import { shot } from './playground.ts';
import { asUser, cards, mentionInChat, SENIOR_SAM } from './support/approval.ts';
import { useE2eSession } from './support/session.ts';
import { staleImmutableIdOf } from '../../sandbox/graph/scenarios.ts';

// Own ports, so this file never collides with the other e2e files' sandboxes.
const e2e = useE2eSession({ botPort: 3995, playgroundPort: 56170, chat: 'Identity Desk', failShot: 'undo' });

const JOB_DONE_MS = 60_000;

/** Both cards (requester's and approvers') of request `id`. */
const requestCards = (page: Page, id: string) => {
  const both = cards(page).filter({ hasText: new RegExp(`Request id\\s*${id}`) });
  return { mine: both.first(), approval: both.last(), both };
};

const bothShow = async (page: Page, both: Locator, status: string, timeout = 10_000) =>
  both
    .filter({ has: page.getByText(status, { exact: true }) })
    .nth(1)
    .waitFor({ timeout });

describe('undo a verified link in the Agents Playground', () => {
  it('guide 004: linked via approval, then Undo -> Sam approves -> the card shows unlinked', async () => {
    const { page } = e2e.browser;
    const scenario = e2e.sandbox.world.scenarios['guide-004-simple'];
    const cloudId = scenario.cloudUser.id;

    // The link, approved by Sam.
    await mentionInChat(page, 'link carla.obrien carla.obrien@contoso.com');
    const review = cards(page).filter({ hasText: 'Request approval' }).last();
    await review.getByLabel(/Reason/).fill('New hire, simple match.');
    await review.getByLabel(/Ticket/).fill('INC-4712');
    await review.getByRole('button', { name: 'Request approval' }).click();
    const sent = cards(page)
      .filter({ has: page.getByText('Sent for approval', { exact: true }) })
      .last();
    await sent.waitFor();
    const linkId = /Request id\s+([0-9a-f-]{36})/.exec(await sent.innerText())?.[1] ?? '';
    expect(linkId).not.toBe('');
    const link = requestCards(page, linkId);
    await asUser(page, SENIOR_SAM, () => link.approval.getByRole('button', { name: 'Approve' }).click());
    await bothShow(page, link.both, 'Done - verified: linked', JOB_DONE_MS);
    const linked = e2e.sandbox.world.tenant.getUser(cloudId)!;
    expect(linked.onPremisesSyncEnabled).toBe(true);
    const anchor = linked.onPremisesImmutableId;
    expect(anchor).not.toBeNull();

    // Undo: offered on the final card; pressing it asks for approval, it changes nothing yet.
    const undoButton = link.approval.getByRole('button', { name: 'Undo' });
    await undoButton.waitFor();
    await shot(link.approval, 'undo-01-linked-with-undo');
    await undoButton.click();
    await link.approval.getByText('Undo requested').waitFor();
    const undoId = /Undo requested\s+([0-9a-f-]{36})/.exec(await link.approval.innerText())?.[1] ?? '';
    expect(undoId).not.toBe('');
    const undo = requestCards(page, undoId);
    await undo.approval.getByText('Waiting for an approver').waitFor();
    const pending = await undo.approval.innerText();
    expect(pending).toMatch(/Undo: unlink from AD/);
    expect(pending).toMatch(/The AD account stays in the parking OU/);
    expect(pending).toMatch(/link it again \(hard match\) or create a duplicate/);
    await shot(undo.approval, 'undo-02-pending');
    expect(e2e.sandbox.world.tenant.getUser(cloudId)?.onPremisesSyncEnabled).toBe(true);

    // Sam approves the undo; the job unlinks and the cards say so.
    await asUser(page, SENIOR_SAM, () => undo.approval.getByRole('button', { name: 'Approve' }).click());
    await bothShow(page, undo.both, 'Done - verified: unlinked', JOB_DONE_MS);
    // Guide 004's cloud user held an old forest's ImmutableID before the link: that is what comes back.
    const previous = staleImmutableIdOf(scenario.adUser);
    expect(await undo.approval.innerText()).toContain(
      `cloud-only again (same object) with ImmutableID ${previous}`,
    );
    expect(await undo.approval.getByRole('button', { name: 'Undo' }).count()).toBe(0);
    await undo.approval.getByText(/This job was itself an undo/).waitFor();
    await shot(undo.approval, 'undo-03-unlinked');

    // The world: the same cloud object, active, cloud-only, its previous ImmutableID; the AD account parked.
    expect(e2e.sandbox.world.tenant.getUser(cloudId)).toMatchObject({
      id: cloudId,
      onPremisesSyncEnabled: false,
      onPremisesImmutableId: previous,
      mail: linked.mail,
    });
    expect(e2e.sandbox.world.tenant.getDeletedUser(cloudId)).toBeUndefined();
    const ad = await e2e.sandbox.world.ports.onPrem.getUser({
      kind: 'guid',
      value: scenario.adUser.objectGuid,
    });
    expect(ad?.dn.toLowerCase().endsWith(PARKING_OU_DN.toLowerCase())).toBe(true);
  });
});
