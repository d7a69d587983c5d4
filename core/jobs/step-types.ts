/** The contract between the runner and a step's implementation (steps.ts). */
import type { SourceAnchor } from '../models.ts';
import type { StepAction } from '../plan-types.ts';
import type { CloudDirectory, OnPremDirectory, SyncRelay } from '../ports.ts';
import type { Job, StepOutput } from './job-types.ts';

export interface StepPorts {
  readonly onPrem: OnPremDirectory;
  readonly cloud: CloudDirectory;
  readonly relay: SyncRelay | null;
}

export interface StepTiming {
  readonly syncTimeoutMs: number;
  /** Reads after a sync (soft-delete confirmation, link verification) retry this often... */
  readonly pollAttempts: number;
  /** ...this far apart: Entra can lag a moment behind the sync's end. */
  readonly pollDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface StepContext {
  readonly ports: StepPorts;
  readonly job: Job;
  readonly sourceAnchor: SourceAnchor;
  readonly timing: StepTiming;
  /** The previous run journaled `checked` with a write to make, then stopped (crash): the write may be ours. */
  readonly resumedAfterCheck: boolean;
  readonly onSyncProgress: (elapsedMs: number) => void;
}

export interface Checked {
  readonly needsWrite: boolean;
  readonly before: unknown;
  /** When nothing is needed: the state found, and anything later steps need. */
  readonly after?: unknown;
  readonly output?: StepOutput;
}

export interface Acted {
  readonly after: unknown;
  readonly vendorRequestId: string | null;
  readonly output?: StepOutput;
}

export interface StepHandler {
  /** Whether the step writes to a directory (read-only steps are verified every time they run). */
  readonly writes: boolean;
  check(action: StepAction, ctx: StepContext): Promise<Checked>;
  act(action: StepAction, ctx: StepContext): Promise<Acted>;
}
