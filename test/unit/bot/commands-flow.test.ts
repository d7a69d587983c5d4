import { describe, expect, it } from 'vitest';
import { ActivityTypes } from 'botbuilder';
import { VERBS } from '../../../cards/verbs.ts';
import { JANE_CLOUD, JANE_DUPLICATE, JANE_GUID } from '../../fakes/world.ts';
import { cardOf, createHarness, type CardNode, TENANT, textOf } from './harness.ts';

describe('text commands in personal, group and channel conversations', () => {
  it('help lists every command; unknown text gets the help card with a reason, not silence', async () => {
    const h = createHarness();
    const help = textOf(cardOf((await h.send('help'))[0]));
    for (const c of ['link', 'status ‹user›', 'errors', 'sync status', 'convert ‹value›', 'help'])
      expect(help).toContain(c);
    const unknown = textOf(cardOf((await h.send('frobnicate everything'))[0]));
    expect(unknown).toMatch(/I don't know "frobnicate everything"/);
    expect(unknown).toContain('status ‹user›');
  });

  it('in a channel the @mention is stripped before parsing', async () => {
    const h = createHarness({ conversationId: '19:ops@thread.tacv2' });
    const sent = await h.send('<at>Hard Match</at> sync status', {
      conversation: {
        id: '19:ops@thread.tacv2',
        isGroup: true,
        conversationType: 'channel',
        tenantId: TENANT,
        name: 'Ops',
      },
      entities: [
        { type: 'mention', text: '<at>Hard Match</at>', mentioned: { id: '28:bot', name: 'Hard Match' } },
      ],
    });
    expect(textOf(cardOf(sent[0]))).toMatch(/Entra Connect sync[\s\S]*Idle; next Delta cycle/);
  });

  it('status of a synced duplicate: state, ImmutableID, the AD user it points to, errors, advice', async () => {
    const h = createHarness();
    const text = textOf(cardOf((await h.send('status jane.doe@contoso.onmicrosoft.com'))[0]));
    expect(text).toMatch(/Synced from AD/);
    expect(text).toMatch(/with sync errors/);
    expect(text).toMatch(/Jane Doe \(CN=jdoe,OU=Staff,DC=contoso,DC=com\)/);
    expect(text).toMatch(/PropertyConflict on UserPrincipalName: jane\.doe@contoso\.com/);
    expect(text).toMatch(/Tenant last sync[\s\S]*2026-11-22 00:30 UTC/);
    expect(text).toMatch(/Sync reports a conflict/);
  });

  it('status of a cloud-only user offers Link this user; an AD name resolves through its anchor', async () => {
    const h = createHarness();
    const card = cardOf((await h.send('status bob.lee@contoso.com'))[0]);
    expect(textOf(card)).toMatch(/Cloud-only/);
    expect(card.actions[0]?.data?.['verb']).toBe(VERBS.fixCloudUser);
    const viaAd = textOf(cardOf((await h.send('status jdoe'))[0]));
    expect(viaAd).toMatch(/Sync status: Jane Doe[\s\S]*jane\.doe@contoso\.onmicrosoft\.com/);
  });

  it('status keeps working when the relay is down and says so', async () => {
    const h = createHarness();
    h.relay.down = true;
    const text = textOf(cardOf((await h.send('status bob.lee@contoso.com'))[0]));
    expect(text).toMatch(/Can't reach the relay: The relay agent did not answer/);
  });

  it('errors groups users by category and property; Fix opens link pre-filled', async () => {
    const h = createHarness();
    const card = cardOf((await h.send('errors'))[0]);
    expect(textOf(card)).toMatch(/Sync errors: 1 users[\s\S]*PropertyConflict · UserPrincipalName \(1\)/);
    const fixes = [...JSON.stringify(card).matchAll(/"title":"Fix","data":(\{[^}]*\})/g)].map((m): unknown =>
      JSON.parse(m[1]!),
    );
    expect(fixes).toEqual([{ verb: VERBS.fixCloudUser, cloudUserId: JANE_DUPLICATE }]);
    const linkCard = cardOf((await h.submit({ verb: VERBS.fixCloudUser, cloudUserId: JANE_DUPLICATE }))[0]);
    expect(linkCard.body.find((b: CardNode) => b.id === 'adUser')?.value).toBe(JANE_GUID);
    // The duplicate's conflict names the original cloud-only user: that is the one to link.
    expect(linkCard.body.find((b: CardNode) => b.id === 'cloudUser')?.value).toBe(JANE_CLOUD);
  });

  it('help card buttons run the commands', async () => {
    const h = createHarness();
    expect(textOf(cardOf((await h.submit({ verb: VERBS.commandErrors }))[0]))).toMatch(/Sync errors/);
    expect(textOf(cardOf((await h.submit({ verb: VERBS.commandLink }))[0]))).toMatch(/Link an AD user/);
  });

  it('convert shows every form; a bad value gets its reason, code and a correlation id', async () => {
    const h = createHarness();
    const ok = textOf(cardOf((await h.send('convert 00aa00aa-bb11-cc22-dd33-44ee44ee44ee'))[0]));
    expect(ok).toContain('qgCqABG7IszdM0TuRO5E7g==');
    const bad = textOf(cardOf((await h.send('convert nonsense!'))[0]));
    expect(bad).toMatch(/IMMUTABLE_ID\.INVALID/);
    expect(bad).toMatch(/Correlation id\n[0-9a-f-]{36}/);
  });

  it('an outage gives a "can\'t reach" card and the bot keeps answering', async () => {
    const h = createHarness();
    h.cloud.down = true;
    const down = textOf(cardOf((await h.send('errors'))[0]));
    expect(down).toMatch(/Can't reach Microsoft Entra ID[\s\S]*CLOUD\.UNAVAILABLE/);
    h.relay.down = true;
    expect(textOf(cardOf((await h.send('sync status'))[0]))).toMatch(/Can't reach the relay agent/);
    h.cloud.down = false;
    expect(textOf(cardOf((await h.send('errors'))[0]))).toMatch(/Sync errors/);
  });

  it('an unexpected exception shows a generic message, never its text', async () => {
    const h = createHarness();
    h.cloud.listUsersWithProvisioningErrors = () =>
      Promise.reject(new Error('secret internal detail at 10.0.0.5'));
    const text = textOf(cardOf((await h.send('errors'))[0]));
    expect(text).toMatch(/Something went wrong[\s\S]*INTERNAL/);
    expect(text).not.toMatch(/secret|10\.0\.0\.5/);
  });

  it('an outage during a search answers the invoke with application/vnd.microsoft.error', async () => {
    const h = createHarness();
    h.onPrem.down = true;
    const res = await h.search('hm.ad-users', 'ja');
    expect(res).toMatchObject({
      statusCode: 503,
      type: 'application/vnd.microsoft.error',
      value: { code: 'AD.UNAVAILABLE' },
    });
  });

  it('activities from another tenant are refused: no reply to messages, 403 to invokes', async () => {
    const h = createHarness();
    const other = { channelData: { tenant: { id: '99999999-9999-9999-9999-999999999999' } } };
    expect(await h.send('help', other)).toEqual([]);
    const sent = await h.send('', {
      ...other,
      type: ActivityTypes.Invoke,
      name: 'application/search',
      value: { dataset: 'hm.ad-users', queryText: 'j' },
    });
    expect(sent).toEqual([
      expect.objectContaining({
        type: ActivityTypes.InvokeResponse,
        value: { status: 403, body: { error: expect.objectContaining({ code: 'FORBIDDEN' }) } },
      }),
    ]);
  });
});

describe('group chat', () => {
  it('answers an @mention in a group chat like in a personal chat', async () => {
    const h = createHarness({ conversationId: '19:group@thread.v2' });
    const sent = await h.send('<at>Hard Match</at> convert qgCqABG7IszdM0TuRO5E7g==', {
      conversation: {
        id: '19:group@thread.v2',
        isGroup: true,
        conversationType: 'groupChat',
        tenantId: TENANT,
        name: 'Identity Desk',
      },
      entities: [
        { type: 'mention', text: '<at>Hard Match</at>', mentioned: { id: '28:bot', name: 'Hard Match' } },
      ],
    });
    expect(textOf(cardOf(sent[0]))).toContain('00aa00aa-bb11-cc22-dd33-44ee44ee44ee');
  });

  it('keeps one link session per conversation: a card clicked in another chat is stale there', async () => {
    const h = createHarness();
    await h.send('link');
    const group = {
      conversation: {
        id: '19:group@thread.v2',
        isGroup: true,
        conversationType: 'groupChat',
        tenantId: TENANT,
        name: '',
      },
    };
    const elsewhere = await h.execute(VERBS.reviewCancel, { sessionId: 's1' }, group);
    expect(textOf(elsewhere.value)).toMatch(/out of date/);
    const here = await h.execute(VERBS.reviewCancel, { sessionId: 's1' });
    expect(textOf(here.value)).toMatch(/Link cancelled/);
  });
});
