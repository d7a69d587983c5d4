/**
 * Expiry in the Agents Playground: a sandbox whose requests live 7 seconds (HM_APPROVAL_TTL_HOURS) and
 * whose sweeper runs every second. A request nobody decides shows as expired on every card, the
 * approver can no longer approve it, and "Request again" makes a new one that Sam approves.
 */
import { describe, expect, it } from 'vitest';
import { shot } from './playground.ts';
import { asUser, cards, mentionInChat, SENIOR_SAM } from './support/approval.ts';
import { useE2eSession } from './support/session.ts';

// Own ports, so this file never collides with the other e2e files' sandboxes.
const e2e = useE2eSession({
  botPort: 3989,
  playgroundPort: 56161,
  env: { HM_APPROVAL_TTL_HOURS: '0.002', HM_EXPIRY_SWEEP_SECONDS: '1' },
  chat: 'Identity Desk',
  failShot: 'expiry',
});

describe('request expiry in the Agents Playground', () => {
  it('an undecided request expires on every card; Request again; the new one is approved and verified', async () => {
    const { page } = e2e.browser;
    await mentionInChat(page, 'link carla.obrien carla.obrien@contoso.com');
    const review = cards(page).filter({ hasText: 'Request approval' }).last();
    await review.getByLabel(/Reason/).fill('Expiry test.');
    await review.getByRole('button', { name: 'Request approval' }).click();
    const mine = cards(page)
      .filter({ has: page.getByText('Sent for approval', { exact: true }) })
      .last();
    const requestId = /Request id\s+([0-9a-f-]{36})/.exec(await mine.innerText())?.[1] ?? '';
    expect(requestId).not.toBe('');
    const both = cards(page).filter({ hasText: requestId });
    await both
      .filter({ has: page.getByText('Expired', { exact: true }) })
      .nth(1)
      .waitFor({ timeout: 20_000 });
    const approval = both.last();
    expect(await approval.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await shot(approval, 'approval-08-expired');

    await approval.getByRole('button', { name: 'Request again' }).click();
    await approval.getByText('Asked again').waitFor();
    const newId = /Asked again\s+([0-9a-f-]{36})/.exec(await approval.innerText())?.[1] ?? '';
    const fresh = cards(page).filter({ hasText: newId });
    await asUser(page, SENIOR_SAM, () => fresh.last().getByRole('button', { name: 'Approve' }).click());
    await fresh
      .filter({ has: page.getByText('Done - verified: linked', { exact: true }) })
      .nth(1)
      .waitFor({ timeout: 60_000 });
    await shot(fresh.last(), 'approval-09-again-verified');
  });
});
