/**
 * An alert's life in the store, decided here as a pure function so the de-duplication can be tested
 * alone: one record per situation (the alert id), one card per occurrence. A look either finds the
 * situation (it is open: post its card once, then update that card in place when what it shows changes)
 * or does not (an open alert is resolved and its card says so and when). A situation that comes back
 * after it was resolved is a new occurrence: a new card. Snooze and Mute stop new cards, never the
 * updates in place (those notify nobody and keep the card true); when a snooze ends on an alert still
 * open, a new card reminds and the old one says the alert continues there.
 */
import { digest } from './format.ts';
import type { AlertKind, AlertValue } from './types.ts';

export interface PersonRef {
  readonly id: string;
  readonly name: string;
}

export interface AlertPost {
  readonly conversationId: string;
  /** null when the channel did not say (such a card cannot be updated). */
  readonly postId: string | null;
  readonly at: string;
}

export interface Snooze {
  /** The end of a timed snooze; null: until the situation changes. */
  readonly until: string | null;
  /** The signature it was snoozed at ("until changed"); null for a timed snooze. */
  readonly signature: string | null;
  readonly by: PersonRef;
  readonly at: string;
}

export interface Mute {
  readonly by: PersonRef;
  readonly at: string;
}

export interface AlertRecord {
  readonly id: string;
  readonly kind: AlertKind;
  readonly state: 'open' | 'resolved';
  /** What the alert says (when resolved: what it said last). */
  readonly value: AlertValue;
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  readonly post: AlertPost | null;
  /** A card being posted by `by` since `at` (the claim that keeps two instances from both posting). */
  readonly posting: { readonly by: string; readonly at: string } | null;
  /** Digest of the view the card last showed: a card is updated only when this changes. */
  readonly shown: string | null;
  readonly snooze: Snooze | null;
  /** A line about the last action on the card (a restart requested), until the alert resolves. */
  readonly note: string | null;
}

/** What the card shows, derived from the record: the card renders it and `shown` digests it. */
export interface AlertView {
  readonly value: AlertValue;
  readonly state: 'open' | 'resolved' | 'continued';
  readonly openedAt: string;
  readonly resolvedAt: string | null;
  readonly snooze: Snooze | null;
  readonly mute: Mute | null;
  readonly note: string | null;
}

export const alertView = (r: AlertRecord, mute: Mute | null, continued = false): AlertView => ({
  value: r.value,
  state: continued ? 'continued' : r.state,
  openedAt: r.openedAt,
  resolvedAt: r.resolvedAt,
  snooze: r.state === 'open' ? r.snooze : null,
  mute: r.state === 'open' ? mute : null,
  note: r.state === 'open' ? r.note : null,
});

export const viewDigest = (v: AlertView): string => digest(JSON.stringify(v));

/** What to do with the card after the record is written. */
export type CardStep = 'none' | 'post' | 'repost' | 'update';

export interface Next {
  /** The record to write; null: nothing to write (no change). */
  readonly record: AlertRecord | null;
  readonly step: CardStep;
}

const snoozeHolds = (s: Snooze, value: AlertValue, now: Date): boolean =>
  (s.until === null || now.getTime() < Date.parse(s.until)) &&
  (s.signature === null || s.signature === value.signature);

/**
 * The record after one look. `firing`: the alert as the rules found it, or null when they did not;
 * `unsure`: its kind's facts were unread this look (an open alert then stays as it is).
 */
export const nextRecord = (
  prev: AlertRecord | null,
  firing: AlertValue | null,
  ctx: { readonly now: Date; readonly mute: Mute | null; readonly unsure: boolean },
): Next => {
  const now = ctx.now.toISOString();
  if (firing === null) {
    if (prev === null || prev.state === 'resolved' || ctx.unsure)
      return { record: null, step: prev !== null && cardStale(prev, ctx.mute) ? 'update' : 'none' };
    const resolved: AlertRecord = { ...prev, state: 'resolved', resolvedAt: now, snooze: null, note: null };
    return { record: resolved, step: resolved.post === null ? 'none' : 'update' };
  }
  let record: AlertRecord =
    prev === null
      ? {
          id: firing.id,
          kind: firing.kind,
          state: 'open',
          value: firing,
          openedAt: now,
          resolvedAt: null,
          post: null,
          posting: null,
          shown: null,
          snooze: null,
          note: null,
        }
      : prev.state === 'resolved'
        ? // A new occurrence: a new card (the old one keeps saying when it was resolved).
          {
            ...prev,
            state: 'open',
            value: firing,
            openedAt: now,
            resolvedAt: null,
            post: null,
            shown: null,
            note: null,
          }
        : { ...prev, value: firing };
  let snoozeEnded = false;
  if (record.snooze !== null && !snoozeHolds(record.snooze, firing, ctx.now)) {
    record = { ...record, snooze: null };
    snoozeEnded = true;
  }
  const quiet = ctx.mute !== null || record.snooze !== null;
  if (record.post === null) return { record, step: quiet ? 'none' : 'post' };
  if (snoozeEnded && ctx.mute === null) return { record, step: 'repost' };
  return { record, step: cardStale(record, ctx.mute) ? 'update' : 'none' };
};

/** Whether the posted card shows something other than the record says now. */
export const cardStale = (r: AlertRecord, mute: Mute | null): boolean =>
  r.post !== null && r.post.postId !== null && viewDigest(alertView(r, mute)) !== r.shown;

/** A claim on posting older than this was left by an instance that died mid-post: post again. */
export const POSTING_STALE_MS = 10 * 60_000;

/** Whether `by` may post the card now (nobody else is posting, or their claim went stale). */
export const mayClaimPost = (r: AlertRecord, now: Date): boolean =>
  r.posting === null || Date.parse(r.posting.at) + POSTING_STALE_MS <= now.getTime();
