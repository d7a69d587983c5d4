import { describe, expect, it } from 'vitest';
import { DATASETS, VERBS } from '../../../cards/verbs.ts';
import { BOB_CLOUD, BOB_GUID, JANE_CLOUD, JANE_DUPLICATE, JANE_GUID } from '../../fakes/world.ts';
import { cardOf, createHarness, type CardNode, textOf } from './harness.ts';

describe('link wizard through the teams-ai Application', () => {
  it('`link` opens two type-ahead pickers bound to the data sets, with a session id only', async () => {
    const h = createHarness();
    const [reply] = await h.send('link');
    const card = cardOf(reply);
    const pickers = card.body.filter((b: CardNode) => b.type === 'Input.ChoiceSet');
    expect(pickers.map((p: CardNode) => p['choices.data']?.dataset)).toEqual([
      DATASETS.adUsers,
      DATASETS.cloudUsers,
    ]);
    expect(pickers.every((p: CardNode) => p.style === 'filtered')).toBe(true);
    const review = card.actions.find((a: CardNode) => a.verb === VERBS.linkReview);
    expect(review?.data).toEqual({ sessionId: 's1' });
  });

  it('the pickers carry static suggestions: users with sync errors and their likely partners, cloud-only first', async () => {
    const h = createHarness();
    const card = cardOf((await h.send('link'))[0]);
    const ad = card.body.find((b: CardNode) => b.id === 'adUser');
    const cloud = card.body.find((b: CardNode) => b.id === 'cloudUser');
    expect(ad?.choices?.map((c) => c.value)).toEqual([JANE_GUID]);
    expect(cloud?.choices?.map((c) => c.value)).toEqual([JANE_CLOUD, JANE_DUPLICATE]);
    h.cloud.down = true;
    const degraded = cardOf((await h.send('link'))[0]);
    expect(degraded.body.find((b: CardNode) => b.id === 'adUser')?.choices).toEqual([]);
  });

  it('`match` is an alias and `link <ad>` pre-fills the AD picker', async () => {
    const h = createHarness();
    const card = cardOf((await h.send('match blee'))[0]);
    const ad = card.body.find((b: CardNode) => b.id === 'adUser');
    expect(ad?.value).toBe(BOB_GUID);
    expect(ad?.choices?.[0]?.title).toMatch(/Bob Lee/);
  });

  it('AD search excludes built-in accounts; cloud search puts likely partners and cloud-only users first', async () => {
    const h = createHarness();
    const ad = await h.search(DATASETS.adUsers, 'ad');
    expect(ad.type).toBe('application/vnd.microsoft.search.searchResponse');
    expect(ad.value.results).toEqual([]);
    const jane = await h.search(DATASETS.adUsers, 'jane');
    expect(jane.value.results).toEqual([
      { title: 'Jane Doe (jdoe, jane.doe@contoso.com)', value: JANE_GUID },
    ]);
    const cloud = await h.search(DATASETS.cloudUsers, 'jane', { adUser: JANE_GUID });
    const titles = cloud.value.results.map((r: { title: string }) => r.title);
    expect(titles[0]).toMatch(/jane\.doe@contoso\.com\) - cloud-only/);
    expect(titles[1]).toMatch(/onmicrosoft.*synced/);
  });

  it('with an empty query and a chosen AD user, cloud search suggests by its UPN', async () => {
    const h = createHarness();
    await h.send(`link ${BOB_GUID}`);
    const cloud = await h.search(DATASETS.cloudUsers, '');
    expect(cloud.value.results.map((r: { value: string }) => r.value)).toEqual([BOB_CLOUD]);
  });

  it('Review shows both users, the deleted holder and the synced duplicate, blocks first, and the plan', async () => {
    const h = createHarness();
    await h.send('link');
    const res = await h.execute(VERBS.linkReview, {
      sessionId: 's1',
      adUser: JANE_GUID,
      cloudUser: JANE_CLOUD,
    });
    expect(res.type).toBe('application/vnd.microsoft.card.adaptive');
    const text = textOf(res.value);
    expect(text).toMatch(/Review: Jane Doe → Jane Doe/);
    expect(text).toMatch(/Jane Doe \(old\)/); // the deleted holder
    expect(text).toMatch(/jane\.doe@contoso\.onmicrosoft\.com/); // the synced duplicate
    expect(text).toMatch(/Deleted 2026-10-01/);
    expect(text).toMatch(/Plan: /);
    const verdicts =
      textOf(res.value.body.filter((b: CardNode) => b.type === 'ColumnSet')).match(
        /\*\*(Blocks|Warning|OK):\*\*/g,
      ) ?? [];
    const order = verdicts.map((v) => (v.includes('Blocks') ? 0 : v.includes('Warning') ? 1 : 2));
    expect(order).toEqual([...order].sort());
    expect(JSON.stringify(res.value.actions.map((a: CardNode) => a.data))).not.toMatch(/jane|Jane/);
    expect(res.value.actions.map((a: CardNode) => a.title)).toEqual([
      'Request approval',
      'Refresh',
      'Back',
      'Cancel',
    ]);
  });

  it('`link <ad> <cloud>` skips the pickers', async () => {
    const h = createHarness();
    const card = cardOf((await h.send('link blee bob.lee@contoso.com'))[0]);
    expect(textOf(card)).toMatch(/Review: Bob Lee → Bob Lee/);
    expect(textOf(card)).toMatch(/can be sent for approval/);
  });

  it('Refresh says when the facts changed since the card was shown', async () => {
    const h = createHarness();
    await h.send('link blee bob.lee@contoso.com');
    const same = await h.execute(VERBS.reviewRefresh, { sessionId: 's1' });
    expect(textOf(same.value)).not.toMatch(/facts changed/);
    h.cloud.users = h.cloud.users.map((u) =>
      u.id === BOB_CLOUD ? { ...u, onPremisesImmutableId: 'AAAAAAAAAAAAAAAAAAAAAA==' } : u,
    );
    const changed = await h.execute(VERBS.reviewRefresh, { sessionId: 's1' });
    expect(textOf(changed.value)).toMatch(/The facts changed since this card was shown: .+/);
  });

  it('Back returns to the pre-filled pickers; Cancel closes the session and its cards go stale', async () => {
    const h = createHarness();
    await h.send('link blee bob.lee@contoso.com');
    const back = await h.execute(VERBS.reviewBack, { sessionId: 's1' });
    const ad = back.value.body.find((b: CardNode) => b.id === 'adUser');
    expect(ad.value).toBe(BOB_GUID);
    const cancelled = await h.execute(VERBS.reviewCancel, { sessionId: 's1' });
    expect(textOf(cancelled.value)).toMatch(/Link cancelled[\s\S]*Nothing was changed/);
    const stale = await h.execute(VERBS.reviewRefresh, { sessionId: 's1' });
    expect(textOf(stale.value)).toMatch(/out of date[\s\S]*cancelled/);
  });

  it('a card from an older session is stale once a new link starts', async () => {
    const h = createHarness();
    await h.send('link');
    await h.send('link');
    const res = await h.execute(VERBS.linkReview, {
      sessionId: 's1',
      adUser: BOB_GUID,
      cloudUser: BOB_CLOUD,
    });
    expect(textOf(res.value)).toMatch(/out of date[\s\S]*newer link/);
  });

  it('Review without both choices shows the pickers again with a message', async () => {
    const h = createHarness();
    await h.send('link');
    const res = await h.execute(VERBS.linkReview, { sessionId: 's1', adUser: BOB_GUID, cloudUser: '' });
    expect(textOf(res.value)).toMatch(/Choose both users/);
  });

  it('card data that is not ids is refused as an invoke error, not trusted', async () => {
    const h = createHarness();
    await h.send('link');
    const res = await h.execute(VERBS.linkReview, {
      sessionId: 's1',
      adUser: 'x)(objectClass=*',
      cloudUser: BOB_CLOUD,
    });
    expect(res.type).toBe('application/vnd.microsoft.error');
    expect(res.statusCode).toBe(400);
    expect(res.value.code).toBe('INPUT.INVALID');
    expect(h.onPrem.searches).toEqual([]);
  });

  it('unknown names in `link a b` reopen the pickers saying what was not found', async () => {
    const h = createHarness();
    const card = cardOf((await h.send('link nobody bob.lee@contoso.com'))[0]);
    expect(textOf(card)).toMatch(/No AD user found for "nobody"/);
    expect(card.body.find((b: CardNode) => b.id === 'cloudUser')?.value).toBe(BOB_CLOUD);
  });
});
