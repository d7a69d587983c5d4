/**
 * The snapshot of facts one match decision is made on. The ports gather it (see gather.ts); checks and
 * plans are pure functions of it, and an approval binds to its digest.
 */
import type { ImmutableId, OnPremUser, SchedulerStatus, SourceAnchor, SyncScope } from './models.ts';
import type { CloudMatchContext } from './ports.ts';

export interface MatchFacts {
  readonly sourceAnchor: SourceAnchor;
  /** The AD user, or null for playbook 4 (the cloud user has no AD account yet). */
  readonly adUser: OnPremUser | null;
  /** The ImmutableID the AD user yields under `sourceAnchor` (null without an AD user). */
  readonly immutableId: ImmutableId | null;
  readonly cloud: CloudMatchContext;
  /** Entra Connect's OU filtering, from the relay; null when it could not be read. */
  readonly syncScope: SyncScope | null;
  /** Entra Connect's scheduler, from the relay; null when it could not be read. */
  readonly scheduler: SchedulerStatus | null;
  /** The configured non-synced OU that playbook 2 parks the AD user in; null when none is configured. */
  readonly parkingOuDn: string | null;
  /** ISO time the facts were read. */
  readonly gatheredAt: string;
}
