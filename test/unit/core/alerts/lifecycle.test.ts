// The de-duplication, as a pure function: one card per occurrence, updated in place, resolved with its
// time; snooze and mute stop new cards, never the updates; unread facts resolve nothing.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../../core/alerts/evaluate.ts';
import {
  alertView,
  cardStale,
  mayClaimPost,
  nextRecord,
  POSTING_STALE_MS,
  viewDigest,
  type AlertRecord,
  type Mute,
} from '../../../../core/alerts/lifecycle.ts';
import { EMPTY_MEMORY, type AlertValue } from '../../../../core/alerts/types.ts';
import { scheduler } from '../../../fixtures/scenarios.ts';
import { down, look, minutesAgo, NOW, ok, relayFacts, THRESHOLDS, withError } from './look.ts';

const value = (o: Partial<AlertValue> = {}): AlertValue => ({
  id: 'stale-sync',
  kind: 'stale-sync',
  severity: 'warning',
  title: 'The last sync is too old',
  summary: 's',
  fix: 'f',
  facts: [],
  rows: [],
  moreRows: 0,
  action: null,
  signature: 'warning',
  ...o,
});
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const quiet = { mute: null, unsure: false };
const SAM = { id: 'sam', name: 'Senior Sam' };
const MUTE: Mute = { by: SAM, at: NOW.toISOString() };

/** The record after the card was posted (what the watcher writes once the channel answered). */
const posted = (r: AlertRecord, postId = 'p1'): AlertRecord => ({
  ...r,
  post: { conversationId: '19:ops', postId, at: r.openedAt },
  shown: viewDigest(alertView(r, null)),
});

const open = () => posted(nextRecord(null, value(), { now: NOW, ...quiet }).record!);

describe('one card per occurrence', () => {
  it('a new situation is a new open record whose card is to be posted', () => {
    const n = nextRecord(null, value(), { now: NOW, ...quiet });
    expect(n.step).toBe('post');
    expect(n.record).toMatchObject({ state: 'open', openedAt: NOW.toISOString(), post: null });
  });

  it('the same situation at the next looks: the posted card is neither posted again nor updated', () => {
    const r = open();
    expect(nextRecord(r, value(), { now: later(5), ...quiet }).step).toBe('none');
    expect(nextRecord(r, value(), { now: later(500), ...quiet }).step).toBe('none');
  });

  it('a change of what it says updates the card in place (no new message)', () => {
    const n = nextRecord(open(), value({ severity: 'critical', signature: 'critical' }), {
      now: later(5),
      ...quiet,
    });
    expect(n.step).toBe('update');
    expect(n.record!.post!.postId).toBe('p1');
  });

  it('gone: resolved, with its time, and the card says so; then nothing more', () => {
    const n = nextRecord(open(), null, { now: later(30), ...quiet });
    expect(n.step).toBe('update');
    expect(n.record).toMatchObject({ state: 'resolved', resolvedAt: later(30).toISOString() });
    const shown = { ...n.record!, shown: viewDigest(alertView(n.record!, null)) };
    expect(nextRecord(shown, null, { now: later(60), ...quiet })).toEqual({ record: null, step: 'none' });
  });

  it('back after it was resolved: a new occurrence with a new card (the old card stays resolved)', () => {
    const resolved = nextRecord(open(), null, { now: later(30), ...quiet }).record!;
    const n = nextRecord(resolved, value(), { now: later(90), ...quiet });
    expect(n.step).toBe('post');
    expect(n.record).toMatchObject({
      state: 'open',
      openedAt: later(90).toISOString(),
      post: null,
      resolvedAt: null,
    });
  });

  it('an unposted alert that resolves needs no card at all', () => {
    const unposted = nextRecord(null, value(), { now: NOW, ...quiet }).record!;
    expect(nextRecord(unposted, null, { now: later(5), ...quiet }).step).toBe('none');
  });

  it('a card whose update failed is updated at the next look (what it showed is remembered)', () => {
    const changed = nextRecord(open(), value({ signature: 'x', summary: 'new' }), {
      now: later(5),
      ...quiet,
    }).record!;
    expect(cardStale(changed, null)).toBe(true);
    expect(
      nextRecord(changed, value({ signature: 'x', summary: 'new' }), { now: later(10), ...quiet }).step,
    ).toBe('update');
  });
});

describe('unread facts resolve nothing', () => {
  it('an open alert whose kind could not be judged stays open and unchanged', () => {
    expect(nextRecord(open(), null, { now: later(5), mute: null, unsure: true })).toEqual({
      record: null,
      step: 'none',
    });
  });

  it('evaluate names the kinds it could not judge', () => {
    const l = evaluate(
      look({ errorUsers: down(), relay: relayFacts({ scheduler: down(), server: down() }) }),
      EMPTY_MEMORY,
      THRESHOLDS,
    );
    expect([...l.unsure].sort()).toEqual(['connect-version', 'long-cycle', 'scheduler', 'sync-errors']);
    expect(
      evaluate(look({ features: ok(null) }), EMPTY_MEMORY, THRESHOLDS).unsure.has('tenant-setting'),
    ).toBe(true);
    expect(evaluate(look(), EMPTY_MEMORY, THRESHOLDS).unsure.size).toBe(0);
  });

  it('evaluate keeps what it remembered of unread parts (the seen errors, the running cycle)', () => {
    const first = evaluate(
      look({
        errorUsers: ok([withError('a', 'a@contoso.com')]),
        relay: relayFacts({ scheduler: ok(scheduler({ syncCycleInProgress: true })) }),
      }),
      EMPTY_MEMORY,
      THRESHOLDS,
    );
    expect(first.memory.cycleSeenSince).toBe(NOW.toISOString());
    expect(Object.keys(first.memory.seenErrors)).toHaveLength(1);
    const blind = evaluate(
      look({ errorUsers: down(), relay: relayFacts({ scheduler: down() }) }),
      first.memory,
      THRESHOLDS,
    );
    expect(blind.memory.seenErrors).toEqual(first.memory.seenErrors);
    expect(blind.memory.cycleSeenSince).toBe(NOW.toISOString());
    const idle = evaluate(look(), first.memory, THRESHOLDS);
    expect(idle.memory.cycleSeenSince).toBeNull();
  });
});

describe('snooze: no new card for a while, the card still updated in place', () => {
  /** Snoozed at the click, whose answer showed the snoozed card (so it counts as shown). */
  const snoozed = (until: string | null, signature: string | null): AlertRecord => {
    const r = { ...open(), snooze: { until, signature, by: SAM, at: NOW.toISOString() } };
    return { ...r, shown: viewDigest(alertView(r, null)) };
  };

  it('a timed snooze that holds: a change updates the card, a reopening posts nothing', () => {
    const r = snoozed(later(60).toISOString(), null);
    expect(nextRecord(r, value({ summary: 'changed' }), { now: later(10), ...quiet }).step).toBe('update');
    const resolved = {
      ...r,
      state: 'resolved' as const,
      resolvedAt: later(5).toISOString(),
      snooze: r.snooze,
    };
    const back = nextRecord(resolved, value(), { now: later(10), ...quiet });
    expect(back.step).toBe('none');
    expect(back.record!.post).toBeNull();
    // When the snooze ends the unposted occurrence is posted.
    expect(nextRecord(back.record, value(), { now: later(61), ...quiet }).step).toBe('post');
  });

  it('a timed snooze that ends on an alert still open: a new card reminds (the old one says so)', () => {
    const n = nextRecord(snoozed(later(60).toISOString(), null), value(), { now: later(61), ...quiet });
    expect(n.step).toBe('repost');
    expect(n.record!.snooze).toBeNull();
  });

  it('until it changes: holds while the signature is the same, reminds when it changes', () => {
    const r = snoozed(null, 'warning');
    expect(nextRecord(r, value(), { now: later(5000), ...quiet }).step).toBe('none');
    expect(
      nextRecord(r, value({ severity: 'critical', signature: 'critical' }), { now: later(10), ...quiet })
        .step,
    ).toBe('repost');
  });

  it('resolving ends a snooze', () => {
    expect(nextRecord(snoozed(null, 'warning'), null, { now: later(5), ...quiet }).record!.snooze).toBeNull();
  });
});

describe('mute this kind: no new cards of the kind, existing cards updated', () => {
  it('a new alert of a muted kind is recorded, not posted; unmuted, it is posted', () => {
    const n = nextRecord(null, value(), { now: NOW, mute: MUTE, unsure: false });
    expect(n).toMatchObject({ step: 'none', record: { state: 'open', post: null } });
    expect(nextRecord(n.record, value(), { now: later(5), ...quiet }).step).toBe('post');
  });

  it('a posted card shows the mute (an update), and still resolves', () => {
    expect(nextRecord(open(), value(), { now: later(5), mute: MUTE, unsure: false }).step).toBe('update');
    expect(nextRecord(open(), null, { now: later(5), mute: MUTE, unsure: false }).record!.state).toBe(
      'resolved',
    );
  });
});

describe('the post claim (two instances never both post)', () => {
  it('free, or left by an instance that died more than ten minutes ago', () => {
    const r = nextRecord(null, value(), { now: NOW, ...quiet }).record!;
    expect(mayClaimPost(r, NOW)).toBe(true);
    const claimed = { ...r, posting: { by: 'a', at: NOW.toISOString() } };
    expect(mayClaimPost(claimed, later(1))).toBe(false);
    expect(mayClaimPost(claimed, new Date(NOW.getTime() + POSTING_STALE_MS))).toBe(true);
  });
});

describe('one look end to end (rules + memory)', () => {
  it('a healthy tenant fires nothing; a stale one fires exactly the stale alert', () => {
    expect(evaluate(look(), EMPTY_MEMORY, THRESHOLDS).alerts).toEqual([]);
    const stale = look({
      organization: ok({
        onPremisesSyncEnabled: true,
        onPremisesLastSyncDateTime: minutesAgo(200),
        onPremisesLastPasswordSyncDateTime: minutesAgo(1),
      }),
    });
    expect(evaluate(stale, EMPTY_MEMORY, THRESHOLDS).alerts.map((a) => a.id)).toEqual(['stale-sync']);
  });
});
