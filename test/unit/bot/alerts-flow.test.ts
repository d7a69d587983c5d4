// The sync-health watcher through the real teams-ai Application: cards posted to the ops conversation
// once, updated in place, resolved; Fix, Restart, Snooze and Mute as clicks by the right people only.
import { beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../core/errors.ts';
import { VERBS } from '../../../cards/verbs.ts';
import { CHAT, createApprovalHarness, INES, SAM, type ApprovalHarness } from './approval-harness.ts';
import { cardOf, textOf } from './harness.ts';
import { BOB_CLOUD, JANE_DUPLICATE } from '../../fakes/world.ts';
import { alertSettings, OPS_CHANNEL } from '../../fixtures/alerts.ts';

const OPS = OPS_CHANNEL;
const ALERTS = alertSettings({ intervalMs: 3_600_000 });

let h: ApprovalHarness;
const opsPosts = () => h.messenger.posts.filter((p) => p.conversationId === OPS);
const latestText = (id: string) => textOf(h.messenger.latest(id));
const look = async () => {
  const r = await h.runtime.watch();
  await h.runtime.idle();
  return r;
};
const bobError = () => {
  h.cloud.users = h.cloud.users.map((u) =>
    u.id === BOB_CLOUD
      ? {
          ...u,
          onPremisesProvisioningErrors: [
            {
              category: 'PropertyConflict',
              occurredDateTime: '2026-11-22T01:00:00Z',
              propertyCausingError: 'ProxyAddress',
              value: 'smtp:bob.lee@contoso.com',
            },
          ],
        }
      : u,
  );
};
const heartbeatMissing = () => {
  h.cloud.organization = {
    ...h.cloud.organization,
    onPremisesLastPasswordSyncDateTime: '2026-11-21T20:00:00Z',
  };
};

beforeEach(() => {
  h = createApprovalHarness({ alerts: ALERTS });
  h.cloud.groups.set('group-approvers', [SAM.id]);
});

describe('sync errors in the ops conversation', () => {
  it('the first look posts one card with the errors, each user with Fix; later looks post nothing more', async () => {
    expect((await look())?.posted).toEqual([expect.stringMatching(/^sync-errors\./)]);
    expect(opsPosts()).toHaveLength(1);
    const card = opsPosts()[0]!;
    expect(textOf(card.card)).toContain('New sync errors: 1 user');
    expect(JSON.stringify(card.card)).toContain(`"cloudUserId":"${JANE_DUPLICATE}"`);
    expect(await look()).toMatchObject({ posted: [], updated: [] });
    expect(await look()).toMatchObject({ posted: [], updated: [] });
    expect(opsPosts()).toHaveLength(1);
    expect(h.messenger.updates).toHaveLength(0);
  });

  it('a new error is a new card; a fixed one resolves its card in place, saying when', async () => {
    await look();
    bobError();
    expect((await look())?.posted).toHaveLength(1);
    expect(opsPosts()).toHaveLength(2);
    expect(textOf(opsPosts()[1]!.card)).toContain('Bob Lee (bob.lee@contoso.com)');
    h.advance(60_000);
    h.cloud.users = h.cloud.users.map((u) =>
      u.id === JANE_DUPLICATE ? { ...u, onPremisesProvisioningErrors: [] } : u,
    );
    const r = await look();
    expect(r?.resolved).toHaveLength(1);
    expect(opsPosts()).toHaveLength(2);
    expect(latestText(opsPosts()[0]!.id)).toContain('Resolved at 2026-11-22 01:16 UTC');
    expect(JSON.stringify(h.messenger.latest(opsPosts()[0]!.id))).not.toContain(VERBS.fixCloudUser);
  });

  it('Fix on the alert opens the link card for the pair', async () => {
    await look();
    const sent = await h.send('', SAM, { value: { verb: VERBS.fixCloudUser, cloudUserId: JANE_DUPLICATE } });
    expect(textOf(cardOf(sent[0]))).toMatch(/Jane Doe/);
    expect(JSON.stringify(cardOf(sent[0]))).toContain(VERBS.linkReview);
  });

  it('unread errors (Graph down) leave the open card alone and say what is blind', async () => {
    await look();
    h.cloud.down = true;
    const r = await look();
    expect(r?.resolved).toEqual([]);
    // The features come from Graph too: both blind spots are said.
    expect(r?.posted).toEqual(['graph.unreadable', 'tenant-setting.unreadable']);
    expect(latestText(opsPosts()[0]!.id)).not.toContain('Resolved');
  });
});

describe('the password hash sync heartbeat and its restart button', () => {
  const heartbeatCard = async () => {
    heartbeatMissing();
    await look();
    const post = opsPosts().find((p) => textOf(p.card).includes('Password hash sync heartbeat missing'));
    expect(post).toBeDefined();
    expect(JSON.stringify(post!.card)).toContain(VERBS.syncRestart);
    return post!;
  };

  it('an approver restarts; the scheduler is waited for, both steps audited, the outcome told, the alert resolves', async () => {
    const post = await heartbeatCard();
    h.relay.schedulerFailures = 1;
    h.relay.onRestart = () => {
      h.cloud.organization = {
        ...h.cloud.organization,
        onPremisesLastPasswordSyncDateTime: '2026-11-22T01:15:00Z',
      };
    };
    const res = await h.execute(VERBS.syncRestart, {}, SAM, post.id, OPS);
    expect(res.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(textOf(res.value)).toContain('Restart requested by Senior Sam at 2026-11-22 01:15 UTC');
    await h.runtime.idle();
    expect(h.relay.restarts).toBe(1);
    expect(textOf(opsPosts().at(-1)!.card)).toContain('Sync service restarted');
    const audit = await h.storage.audit.recent(10);
    expect(
      audit.filter((e) => e.action.startsWith('sync.restart')).map((e) => [e.action, e.outcome, e.actor]),
    ).toEqual([
      ['sync.restarted', 'ok', SAM.id],
      ['sync.restart-requested', 'ok', SAM.id],
    ]);
    expect(latestText(post.id)).toContain('Resolved at');
  }, 20_000);

  it('not an approver: refused, nothing restarted; a second restart within ten minutes is refused', async () => {
    const post = await heartbeatCard();
    const refused = await h.execute(VERBS.syncRestart, {}, INES, post.id, OPS);
    expect(refused.value.code).toBe('APPROVAL.NOT_ALLOWED');
    expect(h.relay.restarts).toBe(0);
    await h.execute(VERBS.syncRestart, {}, SAM, post.id, OPS);
    await h.runtime.idle();
    const again = await h.execute(VERBS.syncRestart, {}, SAM, post.id, OPS);
    expect(textOf(again.value)).toMatch(/Not restarted: .* Try again in \d+ s/);
    await h.runtime.idle();
    expect(h.relay.restarts).toBe(1);
  }, 20_000);

  it('a restart the relay refuses (a cycle runs) is told and audited as failed', async () => {
    const post = await heartbeatCard();
    h.relay.restartSyncService = () =>
      Promise.reject(
        new DomainError(
          'RELAY.BUSY',
          'Relay agent: A sync cycle is in progress; restart the service when it ends.',
        ),
      );
    await h.execute(VERBS.syncRestart, {}, SAM, post.id, OPS);
    await h.runtime.idle();
    expect(textOf(opsPosts().at(-1)!.card)).toMatch(
      /Sync service not restarted\n.*A sync cycle is in progress/,
    );
    const failed = (await h.storage.audit.recent(5)).find((e) => e.action === 'sync.restarted');
    expect(failed?.outcome).toBe('failed');
  });
});

describe('snooze and mute, for approvers', () => {
  it('Snooze 1 hour: no new card when it comes back within the hour; a reminder after', async () => {
    await look();
    const first = opsPosts()[0]!;
    const alertId = JSON.stringify(first.card).match(/"alertId":"([^"]+)"/)![1]!;
    expect(
      (await h.execute(VERBS.alertSnooze, { alertId, span: '1h' }, INES, first.id, OPS)).value.code,
    ).toBe('APPROVAL.NOT_ALLOWED');
    const res = await h.execute(VERBS.alertSnooze, { alertId, span: '1h' }, SAM, first.id, OPS);
    expect(textOf(res.value)).toContain('Snoozed by Senior Sam until 2026-11-22 02:15 UTC');
    // The answer replaced the clicked card: the next look has nothing to update.
    expect(await look()).toMatchObject({ posted: [], updated: [] });
    h.advance(61 * 60_000);
    h.cloud.organization = { ...h.cloud.organization, onPremisesLastSyncDateTime: '2026-11-22T02:10:00Z' };
    expect((await look())?.posted).toEqual([alertId]);
    expect(opsPosts()).toHaveLength(2);
    expect(latestText(first.id)).toContain('the alert continues in a newer message');
    expect(
      (await h.storage.audit.recent(5)).some((e) => e.action === 'alert.snoozed' && e.actor === SAM.id),
    ).toBe(true);
  });

  it('Mute this kind: a new alert of the kind is not posted, the open card says muted; unmute posts it', async () => {
    await look();
    const first = opsPosts()[0]!;
    const alertId = JSON.stringify(first.card).match(/"alertId":"([^"]+)"/)![1]!;
    const res = await h.execute(VERBS.alertMute, { alertId }, SAM, first.id, OPS);
    expect(textOf(res.value)).toContain('Alerts of this kind are muted (by Senior Sam)');
    expect(JSON.stringify(res.value)).toContain(VERBS.alertUnmute);
    bobError();
    expect((await look())?.posted).toEqual([]);
    expect(opsPosts()).toHaveLength(1);
    const list = textOf(cardOf((await h.send('alerts', SAM, { conversation: { id: CHAT } as never }))[0]));
    expect(list).toContain('Open sync-health alerts: 2');
    expect(list).toContain('Muted kinds: sync-errors (by Senior Sam');
    await h.execute(VERBS.alertUnmute, { alertId }, SAM, first.id, OPS);
    expect((await look())?.posted).toHaveLength(1);
    expect(opsPosts()).toHaveLength(2);
  });

  it('a tampered payload changes nothing', async () => {
    await look();
    for (const data of [
      { alertId: '../requests/x', span: '1h' },
      { alertId: 'stale-sync', span: '10y' },
      { alertId: 'x', extra: 1 },
    ])
      expect((await h.execute(VERBS.alertSnooze, data, SAM, undefined, OPS)).value.code).toBe(
        'INPUT.INVALID',
      );
    expect(
      (await h.execute(VERBS.alertMute, { alertId: 'no-such-alert' }, SAM, undefined, OPS)).value.code,
    ).toBe('ALERT.NOT_FOUND');
  });
});

describe('alerts in chat', () => {
  it('lists what is open and tells this conversation its id', async () => {
    expect(textOf(cardOf((await h.send('alerts'))[0]))).toContain('No open sync-health alerts');
    await look();
    const text = textOf(cardOf((await h.send('alerts'))[0]));
    expect(text).toContain('Open sync-health alerts: 1');
    expect(text).toContain('WARNING: New sync errors: 1 user');
    expect(text).toContain(`This conversation's id (for HM_ALERTS_CONVERSATION_ID): ${CHAT}`);
  });

  it('with the watcher off it says so', async () => {
    h = createApprovalHarness();
    expect(textOf(cardOf((await h.send('alerts'))[0]))).toContain('The watcher is off');
    expect(await h.runtime.watch()).toBeNull();
  });
});
