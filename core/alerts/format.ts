/** Small wording helpers of the alert rules: one way to write times, durations and signatures. */
import { createHash } from 'node:crypto';

/** "2026-12-08 01:12 UTC"; "never" for null; the text itself when it is not a time. */
export const utc = (iso: string | null): string => {
  if (iso === null) return 'never';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};

/** "45 min", "3 h 5 min", "2 days 4 h". */
export const duration = (ms: number): string => {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} days${h % 24 === 0 ? '' : ` ${h % 24} h`}`;
};

/** A short stable digest of the parts (alert ids and signatures). */
export const digest = (...parts: readonly string[]): string =>
  createHash('sha256').update(parts.join('\u0000'), 'utf8').digest('hex').slice(0, 12);

export const DAY_MS = 86_400_000;

/** Whole days from `now` to `iso` (negative: in the past); null when `iso` is not a time. */
export const daysUntil = (iso: string, now: Date): number | null => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.floor((t - now.getTime()) / DAY_MS);
};
