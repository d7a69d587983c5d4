/**
 * The plan vocabulary: a plan is a serializable value (plain JSON) listing the exact ordered steps of one
 * remediation playbook (reference/entra-connect.md), what each changes, what must hold before it runs and
 * how it is undone. The job runner executes it; the approval binds to its hash and basis.
 */
import type { CheckId } from './checks/types.ts';
import type { NewOnPremUser } from './ports.ts';
import type { DomainAuthenticationType, ImmutableId, SourceAnchor } from './models.ts';

/**
 * A playbook's stable name ("hard-match", "unlink"...): the registry (playbooks/registry.ts) knows
 * each one's title, steps, blockers, outcome and undo. Plans and requests store the name, never a number.
 */
export type PlaybookName = string;

/**
 * A value the executor only knows at run time: the ImmutableID of the AD user created by the step at
 * index `fromStep` (0-based, in `Plan.steps`) - a created AD account's anchor does not exist before creation.
 */
export interface FromStep {
  readonly fromStep: number;
}

export type ImmutableIdValue = ImmutableId | FromStep;

/** The attributes of an AD user to create; never a password (a plan is stored and shown). */
export type NewOnPremUserSpec = Omit<NewOnPremUser, 'password'>;

/** What a step does, with its parameters. A discriminated union on `kind`. */
export type StepAction =
  | {
      readonly kind: 'ad.move-user';
      readonly dn: string;
      readonly fromOuDn: string;
      readonly toOuDn: string;
      /** park: out of sync scope; return: back where it was (always paired with a park). */
      readonly purpose: 'park' | 'return';
    }
  | { readonly kind: 'relay.delta-sync'; readonly waitForIdle: true }
  | {
      readonly kind: 'cloud.confirm-soft-deleted';
      readonly userId: string;
      readonly userPrincipalName: string;
    }
  | {
      /** Restore a soft-deleted user from the recycle bin: it comes back cloud-only, same object id. */
      readonly kind: 'cloud.restore-deleted';
      readonly userId: string;
      readonly userPrincipalName: string;
    }
  | { readonly kind: 'cloud.hard-delete'; readonly deletedUserId: string; readonly userPrincipalName: string }
  | {
      readonly kind: 'cloud.set-upn';
      readonly userId: string;
      readonly fromUpn: string;
      readonly toUpn: string;
      /** Set in the same PATCH (the federated-domain workaround). */
      readonly immutableId?: ImmutableIdValue;
    }
  | {
      readonly kind: 'cloud.set-immutable-id';
      readonly userId: string;
      readonly from: ImmutableId | null;
      readonly to: ImmutableIdValue | null;
    }
  | { readonly kind: 'ad.create-user'; readonly spec: NewOnPremUserSpec }
  | {
      readonly kind: 'cloud.verify-link';
      readonly userId: string;
      readonly immutableId: ImmutableIdValue;
      /** The AD user's DN after the plan (null when created by the plan: the executor knows it). */
      readonly adDn: string | null;
    }
  | {
      /** The end of an unlink: the cloud user is active, not synced, and holds `immutableId` again. */
      readonly kind: 'cloud.verify-unlinked';
      readonly userId: string;
      readonly immutableId: ImmutableId | null;
      /** Where the AD account was parked (it stays there). */
      readonly parkedDn: string;
    };

export type StepKind = StepAction['kind'];

/** How a step is undone: another action, not at all (and why), or nothing to undo. */
export type Undo =
  | { readonly kind: 'step'; readonly step: StepAction; readonly changes: string }
  | { readonly kind: 'irreversible'; readonly why: string }
  | { readonly kind: 'none'; readonly why: string };

export interface StepMeta {
  /** What the step changes, for a person ("Moves Jane Doe's AD account to OU=Parking..."). */
  readonly changes: string;
  /** What must hold before it runs; the executor verifies it (idempotence: "already done" is fine). */
  readonly precondition: string;
  readonly undo: Undo;
}

export type PlanStep = StepAction & StepMeta;

/**
 * The fact values a plan relies on. An approval stores it; before executing, the job re-gathers facts
 * and compares (basisChanged): any difference stops the job and asks again. Scalars and sorted lists
 * only, so equal facts always give an equal basis. It covers every fact a blocking check reads
 * (test/unit/core/basis-coverage.test.ts fails otherwise).
 */
export interface PlanBasis {
  readonly sourceAnchor: SourceAnchor;
  readonly adDn: string | null;
  readonly adObjectGuid: string | null;
  readonly adImmutableId: ImmutableId | null;
  readonly adEnabled: boolean | null;
  readonly adUserPrincipalName: string | null;
  readonly adCriticalSystemObject: boolean | null;
  readonly cloudUserId: string;
  readonly cloudUserPrincipalName: string;
  readonly cloudImmutableId: ImmutableId | null;
  readonly cloudSyncEnabled: boolean | null;
  readonly cloudObjectIdentifier: string | null;
  readonly cloudUpnDomainAuth: DomainAuthenticationType | null;
  readonly initialDomain: string | null;
  readonly activeHolderIds: readonly string[];
  readonly deletedHolderIds: readonly string[];
  /** Of the holders: this AD user's own synced duplicates, and those synced from another AD account. */
  readonly syncedDuplicateIds: readonly string[];
  readonly foreignHolderIds: readonly string[];
  /** Synced users that name this AD user but hold another ImmutableID (a source anchor mismatch). */
  readonly anchorMismatchIds: readonly string[];
  readonly privilegedRoleIds: readonly string[];
  readonly takeoverBlockEnabled: boolean | null;
  readonly stagingMode: boolean | null;
  readonly adInSyncScope: boolean | null;
  readonly parkingOuDn: string | null;
  readonly parkingOuInSyncScope: boolean | null;
  readonly newUserOuDn: string | null;
  readonly newUserOuInSyncScope: boolean | null;
  /** DNs of AD accounts already using the names a created AD account would get; null: not looked up. */
  readonly adCollisionDns: readonly string[] | null;
  /**
   * The cloud facts that could not be read (sorted CloudFact names), present only when some could not:
   * an approval given while a fact was read does not hold for a job that can no longer read it.
   */
  readonly unreadFacts?: readonly string[];
}

export interface Plan {
  /** The playbook's name; null: nothing to do (the users are already linked). */
  readonly playbook: PlaybookName | null;
  readonly title: string;
  /** A short paragraph for the review and approval cards. */
  readonly summary: string;
  readonly steps: readonly PlanStep[];
  /** Checks with severity block; non-empty means the plan may not be requested. */
  readonly blockedBy: readonly CheckId[];
  readonly basis: PlanBasis;
  /** sha256 (hex) of the canonical JSON of playbook + steps + basis. */
  readonly hash: string;
  /**
   * For an undo: the id of the succeeded job it reverses, whose journal its checks are judged on (at
   * request and again at preflight); null otherwise. Not in the hash: the steps are, and a succeeded
   * job never changes.
   */
  readonly undoes: string | null;
}
