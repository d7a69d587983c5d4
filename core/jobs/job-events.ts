/** The job runner's progress events: what the bot turns into card updates. */
import type { CheckId } from '../checks/types.ts';
import type { Job, StepRecord } from './job-types.ts';
import type { StepPhase } from './step-runner.ts';

/** What a card shows while a job runs: step n of m, waiting for the sync, undoing, done. */
export type JobEvent =
  | { readonly type: 'claimed'; readonly jobId: string }
  | {
      readonly type: 'stale';
      readonly jobId: string;
      /** Human names of the basis fields that changed since approval. */
      readonly changed: readonly string[];
      /** The checks that block the plan now. */
      readonly blockedBy: readonly CheckId[];
    }
  | {
      readonly type: 'step';
      readonly jobId: string;
      readonly phase: StepPhase;
      readonly index: number;
      readonly of: number;
      readonly kind: string;
      readonly changes: string;
      readonly record: StepRecord;
    }
  | {
      readonly type: 'waiting-for-sync';
      readonly jobId: string;
      readonly index: number;
      readonly elapsedMs: number;
    }
  | {
      readonly type: 'undo';
      readonly jobId: string;
      readonly phase: StepPhase;
      readonly position: number;
      readonly of: number;
      readonly kind: string;
    }
  | { readonly type: 'finished'; readonly jobId: string; readonly job: Job };
