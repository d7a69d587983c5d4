/**
 * The snapshot of facts one match decision is made on. The ports gather it (see gather.ts); checks and
 * plans are pure functions of it, and an approval binds to its digest.
 */
import type { ImmutableId, OnPremUser, SchedulerStatus, SourceAnchor, SyncScope } from './models.ts';
import type { CloudMatchContext } from './ports.ts';

/**
 * Why `syncScope` / `scheduler` are what they are: read, no relay configured, or the relay failed. Kept so
 * a relay failure shows as a check warning with its reason instead of silently looking like "unknown".
 */
export type RelayReadStatus =
  | { readonly kind: 'ok' }
  | { readonly kind: 'not-configured' }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string };

export interface MatchFacts {
  readonly sourceAnchor: SourceAnchor;
  /** The AD user, or null when the cloud user has no AD account yet (one would be created). */
  readonly adUser: OnPremUser | null;
  /** The ImmutableID the AD user yields under `sourceAnchor` (null without an AD user). */
  readonly immutableId: ImmutableId | null;
  readonly cloud: CloudMatchContext;
  /** Entra Connect's OU filtering, from the relay; null when it could not be read. */
  readonly syncScope: SyncScope | null;
  /** Entra Connect's scheduler, from the relay; null when it could not be read. */
  readonly scheduler: SchedulerStatus | null;
  /** The configured non-synced OU an AD user is parked in (synced duplicate, unlink); null when none is configured. */
  readonly parkingOuDn: string | null;
  /** ISO time the facts were read. */
  readonly gatheredAt: string;
  /** How the relay reads went; absent in snapshots made before it existed (treated as unknown). */
  readonly relayStatus?: RelayReadStatus;
  /** The synced OU a new AD user is created in; absent/null when none is configured. */
  readonly newUserOuDn?: string | null;
  /**
   * Creating an AD user only: existing AD users that already use the UPN, sAMAccountName or mail the new AD user
   * would get (creating it would fail or collide). Absent when not looked up.
   */
  readonly adCollisions?: readonly OnPremUser[];
}
