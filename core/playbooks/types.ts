/**
 * What a playbook is: one remediation procedure (reference/entra-connect.md) as a value with a name -
 * when it applies, its steps, what blocks it, how a finished job of it reads and how it is undone.
 * The registry (registry.ts) lists them; index.ts is what the rest of the product calls.
 */
import type { CheckId, CheckResult } from '../checks/types.ts';
import type { MatchFacts } from '../facts.ts';
import type { Job } from '../jobs/job-types.ts';
import type { Plan, PlanStep, PlaybookName } from '../plan-types.ts';

export type { PlaybookName } from '../plan-types.ts';

/** What a plan is built and judged on: the facts, and for an undo the succeeded job it reverses. */
export interface PlaybookInput {
  readonly facts: MatchFacts;
  /** The succeeded job an undo reverses; null for every other plan. */
  readonly undoing: Job | null;
}

/** A playbook's steps for one input, before they are sealed into a Plan (basis, hash, blockers). */
export interface PlaybookDraft {
  readonly steps: readonly PlanStep[];
  /** A short paragraph for the review and approval cards. */
  readonly summary: string;
  /** Replaces the playbook's title when it depends on the input ("Undo of Hard match"). */
  readonly title?: string;
}

/** How a finished job reads, for cards (status, detail) and messages and audit (sentence). */
export interface JobOutcome {
  /** One short line ("Done - verified: linked"). */
  readonly status: string;
  /** What it means in more words; empty for none. */
  readonly detail: string;
  /** The whole outcome as one chat message or audit sentence. */
  readonly sentence: string;
  /** Whether the job changed something that has an undo (offered without facts; judged again on click). */
  readonly undoable: boolean;
}

/** Whether and how a succeeded job can be undone today (judged on fresh facts). */
export type UndoProposal =
  | {
      readonly possible: true;
      /** The undo plan, sealed like any plan: it needs its own approval. */
      readonly plan: Plan;
      /** The checks to show with it (an unlink warns that the AD account stays parked). */
      readonly checks: readonly CheckResult[];
    }
  | {
      readonly possible: false;
      /** Why not, for a person. */
      readonly why: string;
      /** The undo plan when there is one (blocked or empty); null when there is none at all. */
      readonly plan: Plan | null;
      readonly checks: readonly CheckResult[];
    };

export interface Playbook {
  /** Stable name: stored in plans and requests, never renamed. kebab-case. */
  readonly name: PlaybookName;
  /** For cards, the CLI and the audit ("Hard match"). */
  readonly title: string;
  /** The approval card's heading word ("Match", "Undo"). */
  readonly label: string;
  /**
   * Whether the automatic choice takes this playbook for `facts`; the registry's order decides among
   * several that fit. Absent: never chosen automatically, only built by name (or by an undo).
   */
  readonly appliesTo?: (facts: MatchFacts) => boolean;
  /** The steps and summary for `input`; a blocked plan still lists them so a person sees what would happen. */
  readonly build: (input: PlaybookInput) => PlaybookDraft;
  /**
   * The checks shown with the plan. Those with severity block (restricted to `blockers` when given)
   * block it: when it is requested, and again before its job's first step (preflight).
   */
  readonly checks: (input: PlaybookInput) => readonly CheckResult[];
  /** Only these checks block this playbook; absent: every block does. */
  readonly blockers?: ReadonlySet<CheckId>;
  /** How a succeeded job of this playbook reads (`undoable` is filled in from `undoable`). */
  readonly outcome: (job: Job) => Omit<JobOutcome, 'undoable'>;
  /** Whether a succeeded job of it changed anything that has an undo (no facts). */
  readonly undoable: (job: Job) => boolean;
  /** The undo of succeeded job `job` against `facts` gathered now for undoSubject(job). */
  readonly undo: (job: Job, facts: MatchFacts) => UndoProposal;
}
