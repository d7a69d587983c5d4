/**
 * A configured approvers' channel (HM_APPROVERS_CONVERSATION_ID): Harry asks in his personal chat, the
 * approval card is a new post in the team's Identity channel with an @mention of the approvers there,
 * Sam approves in the channel, and both conversations see the verified result.
 */
import { describe, it } from 'vitest';
import { sendForCard, shot } from './playground.ts';
import { asUser, bubble, cards, SENIOR_SAM } from './support/approval.ts';
import { useE2eSession } from './support/session.ts';

// Own ports, so this file never collides with the other e2e files' sandboxes.
const e2e = useE2eSession({
  botPort: 3990,
  playgroundPort: 56162,
  env: { HM_APPROVERS_CONVERSATION_ID: '19:identity@thread.tacv2' },
  failShot: 'channel',
});

describe('approvals in a configured channel', () => {
  it('asked in a personal chat, approved in the approvers channel, verified in both', async () => {
    const { page } = e2e.browser;
    const { card } = await sendForCard(page, 'link carla.obrien carla.obrien@contoso.com');
    await card.getByLabel(/Reason/).fill('Asked from my personal chat.');
    await card.getByRole('button', { name: 'Request approval' }).click();
    await card.getByText('Sent for approval', { exact: true }).waitFor();

    await page.getByRole('treeitem', { name: 'IT Team - Identity' }).click();
    await bubble(page, /Approval needed from an approver \(Senior Sam\)/).waitFor();
    const approval = cards(page)
      .filter({ has: page.getByText('Waiting for an approver', { exact: true }) })
      .last();
    await asUser(page, SENIOR_SAM, () => approval.getByRole('button', { name: 'Approve' }).click());
    const done = cards(page).filter({ has: page.getByText('Done - verified: linked', { exact: true }) });
    await done.first().waitFor({ timeout: 60_000 });
    await shot(page, 'approval-11-channel-verified');

    await page.getByRole('treeitem', { name: /Personal Chat/ }).click();
    await done.first().waitFor({ timeout: 10_000 });
    await bubble(page, /Done - verified: carla\.obrien@contoso\.com is linked/).waitFor();
  });
});
