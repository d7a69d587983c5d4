/** What a dialog knows of the turn it answers: plain values the edge took from the activity. */
import type { Origin } from '../app/ports.ts';

/** A turn: who, where and on which message (see Origin), for dialogs and use cases alike. */
export type Turn = Origin;
