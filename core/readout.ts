/**
 * A part read from a system that may be unreachable: its value, or why it could not be read. The
 * use cases fill these in (app/readout.ts); rules that judge several sources at once (the sync-health
 * alerts) take them as facts, so an unread part is a reason to show, never a value to pass on.
 */
export type Readout<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };
