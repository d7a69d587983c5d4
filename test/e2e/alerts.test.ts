/**
 * The bot speaks first, in the Agents Playground: the sandbox's watcher looks every second and posts to
 * the team's Identity channel. A new sync error arrives as a card whose Fix opens the link card; a stale
 * sync (threshold 30 min; the sandbox's last sync was an hour ago) is a card that resolves in place after
 * `sync now`; a stopped password hash sync heartbeat is a card whose Restart button - pressed by the
 * approver - restarts the ADSync service on the simulated Entra Connect server and resolves it.
 */
import { describe, expect, it } from 'vitest';
import { mentionForCard, shot } from './playground.ts';
import { asUser, cards, SENIOR_SAM } from './support/approval.ts';
import { useE2eSession } from './support/session.ts';

// Own ports, so this file never collides with the other e2e files' sandboxes.
const e2e = useE2eSession({
  botPort: 3996,
  playgroundPort: 56172,
  env: { HM_ALERTS_INTERVAL_SECONDS: '1', HM_ALERTS_STALE_SYNC_MINUTES: '30' },
  chat: 'IT Team - Identity',
  failShot: 'alerts',
});

const alertCard = (title: string) => {
  const { page } = e2e.browser;
  return cards(page).filter({ has: page.getByText(title, { exact: true }) });
};

describe('sync-health alerts in the ops channel', () => {
  it('a new sync error arrives as its own card; its Fix opens the link card', async () => {
    const { page } = e2e.browser;
    // The sync errors the sandbox starts with were told at the first look.
    await alertCard('New sync errors: 3 users').first().waitFor({ timeout: 30_000 });
    const gina = e2e.sandbox.world.scenarios['already-synced'].cloudUser;
    e2e.sandbox.world.tenant.addProvisioningError(gina.id, {
      category: 'PropertyConflict',
      propertyCausingError: 'ProxyAddress',
      value: 'smtp:gina@contoso.com',
    });
    const card = alertCard('New sync errors: 1 user').first();
    await card.waitFor({ timeout: 20_000 });
    expect(await card.innerText()).toMatch(
      /Gina Bakker \(gina\.bakker@contoso\.com\)\s+proxy address conflict: smtp:gina@contoso\.com/,
    );
    await shot(card, 'alerts-01-new-sync-error');
    expect(await alertCard('New sync errors: 1 user').count()).toBe(1);

    await card.getByRole('button', { name: 'Fix' }).click();
    // The answer is a reply under the alert's post (channel posts are threads; the newest post is on top).
    const link = cards(page)
      .filter({ has: page.getByText('Link an AD user to a cloud user', { exact: true }) })
      .first();
    await link.waitFor();
    expect(await link.innerText()).toMatch(/Pre-selected: Gina Bakker \(gina\.bakker/);
    await shot(link, 'alerts-02-fix-opens-link');
  });

  it('a stale sync is a card that resolves in place after sync now', async () => {
    const { page } = e2e.browser;
    const stale = alertCard('The last sync is too old');
    await stale.first().waitFor({ timeout: 20_000 });
    expect(await stale.count()).toBe(1);
    expect(await stale.first().innerText()).toMatch(/more than 30 min ago/);
    await shot(stale.first(), 'alerts-03-stale-sync');

    await mentionForCard(page, 'sync now');
    await cards(page)
      .filter({ has: page.getByText('Delta sync started', { exact: true }) })
      .first()
      .waitFor();
    await stale
      .first()
      .getByText(/^Resolved at /)
      .waitFor({ timeout: 30_000 });
    expect(await stale.count()).toBe(1);
    expect(await stale.first().getByRole('button', { name: 'Snooze' }).count()).toBe(0);
    await shot(stale.first(), 'alerts-04-stale-sync-resolved');
  });

  it('a missing password sync heartbeat: the approver restarts the sync service from the card, and it resolves', async () => {
    const { page } = e2e.browser;
    const world = e2e.sandbox.world;
    world.simulator.stallPasswordSync();
    world.tenant.recordPasswordSync(
      new Date(Date.now() - 3 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    );
    const heartbeat = alertCard('Password hash sync heartbeat missing').first();
    await heartbeat.waitFor({ timeout: 20_000 });
    expect(await heartbeat.innerText()).toMatch(/Password Hash Synchronization heartbeat was skipped/);
    await shot(heartbeat, 'alerts-05-heartbeat');

    await asUser(page, SENIOR_SAM, () =>
      heartbeat.getByRole('button', { name: 'Restart sync service' }).click(),
    );
    await cards(page)
      .filter({ has: page.getByText('Sync service restarted', { exact: true }) })
      .first()
      .waitFor({ timeout: 30_000 });
    expect(world.simulator.restarts).toBe(1);
    expect(world.simulator.passwordSyncStalled).toBe(false);
    await heartbeat.getByText(/^Resolved at /).waitFor({ timeout: 30_000 });
    await shot(heartbeat, 'alerts-06-heartbeat-resolved-after-restart');
    const audit = await e2e.sandbox.bot.runtime.ctx.audit.recent(20);
    expect(audit.filter((e) => e.action === 'sync.restarted' && e.outcome === 'ok')).toHaveLength(1);
  });
});
