/**
 * Gathering: read everything one match decision needs through the ports, once, into a MatchFacts
 * snapshot. Checks and plans are pure functions of that snapshot; an approval binds to its basis.
 */
import { DomainError, isDomainError } from './errors.ts';
import type { MatchFacts, RelayReadStatus } from './facts.ts';
import type { OnPremUser, SchedulerStatus, SourceAnchor, SyncScope } from './models.ts';
import type { Clock, CloudDirectory, OnPremDirectory, OnPremUserKey, SyncRelay } from './ports.ts';
import { newUserSpec } from './playbooks/steps.ts';
import { primarySmtp, sourceAnchorOf } from './user-values.ts';

export { primarySmtp, sourceAnchorOf } from './user-values.ts';

export interface GatherPorts {
  readonly onPrem: OnPremDirectory;
  readonly cloud: CloudDirectory;
  /** null when no relay agent is configured: scope and scheduler stay unknown. */
  readonly relay: SyncRelay | null;
  readonly clock: Clock;
}

export interface GatherSettings {
  readonly sourceAnchor: SourceAnchor;
  readonly parkingOuDn: string | null;
  /** The synced OU AD users are created in; null/absent when not configured. */
  readonly newUserOuDn?: string | null;
}

export interface GatherInput {
  /** null: the cloud user has no AD account yet (one would be created). */
  readonly adUser: OnPremUserKey | null;
  /** Object id or UPN. */
  readonly cloudUser: string;
  /** Correlation id passed to the relay (its audit says who asked). */
  readonly requestId: string;
}

interface RelayFacts {
  readonly syncScope: SyncScope | null;
  readonly scheduler: SchedulerStatus | null;
  readonly relayStatus: RelayReadStatus;
}

// A relay failure must not stop the checks: they report it as a warning with this reason.
const readRelay = async (relay: SyncRelay | null, requestId: string): Promise<RelayFacts> => {
  if (relay === null) return { syncScope: null, scheduler: null, relayStatus: { kind: 'not-configured' } };
  try {
    const [scheduler, syncScope] = await Promise.all([
      relay.getSchedulerStatus(requestId),
      relay.getSyncScope(requestId),
    ]);
    return { syncScope, scheduler, relayStatus: { kind: 'ok' } };
  } catch (e) {
    const code = isDomainError(e) ? e.code : 'RELAY.FAILED';
    const message = isDomainError(e) ? e.message : 'the relay agent gave an unexpected error';
    return { syncScope: null, scheduler: null, relayStatus: { kind: 'failed', code, message } };
  }
};

// A created AD user gets the cloud user's UPN, sAMAccountName and mail: find who already has one.
const findCollisions = async (
  onPrem: OnPremDirectory,
  keys: readonly OnPremUserKey[],
): Promise<OnPremUser[]> => {
  const found = await Promise.all(keys.map((k) => onPrem.getUser(k)));
  const byDn = new Map<string, OnPremUser>();
  for (const u of found) if (u !== null) byDn.set(u.dn.toLowerCase(), u);
  return [...byDn.values()];
};

/**
 * Read both users, the cloud context (holders, roles, domains, features, soft-match candidates) and,
 * when a relay is configured, Entra Connect's scope and scheduler. Throws DomainError when a user does
 * not exist (AD.NO_SUCH_OBJECT / CLOUD.NOT_FOUND) or a directory cannot be read; relay failures are kept
 * in `relayStatus` instead.
 */
export const gatherMatchFacts = async (
  ports: GatherPorts,
  settings: GatherSettings,
  input: GatherInput,
): Promise<MatchFacts> => {
  const { onPrem, cloud, relay, clock } = ports;
  const relayFacts = readRelay(relay, input.requestId);
  const adUser = input.adUser === null ? null : await onPrem.getUser(input.adUser);
  if (input.adUser !== null && adUser === null) {
    throw new DomainError(
      'AD.NO_SUCH_OBJECT',
      `No AD user found for ${input.adUser.kind} '${input.adUser.value}'.`,
      {
        details: { key: input.adUser },
      },
    );
  }
  const immutableId = adUser === null ? null : sourceAnchorOf(adUser, settings.sourceAnchor);
  // Playbook 4 (no AD user): no anchor, so no holders or soft-match candidates to look up.
  const cloudContext = await cloud.getMatchContext(
    input.cloudUser,
    immutableId,
    adUser === null
      ? { userPrincipalName: null, primarySmtp: null }
      : {
          userPrincipalName: adUser.userPrincipalName,
          primarySmtp: primarySmtp(adUser.proxyAddresses, adUser.mail),
        },
  );
  const newUserOuDn = settings.newUserOuDn ?? null;
  let adCollisions: OnPremUser[] | undefined;
  if (adUser === null) {
    const spec = newUserSpec(cloudContext.cloudUser, newUserOuDn ?? '');
    // An empty sAMAccountName (a UPN made only of forbidden characters) is reported by the checks, not looked up.
    const keys: OnPremUserKey[] = [
      { kind: 'upn', value: spec.userPrincipalName },
      ...(spec.samAccountName === '' ? [] : [{ kind: 'sam' as const, value: spec.samAccountName }]),
    ];
    adCollisions = await findCollisions(onPrem, keys);
  }
  const { syncScope, scheduler, relayStatus } = await relayFacts;
  return {
    sourceAnchor: settings.sourceAnchor,
    adUser,
    immutableId,
    cloud: cloudContext,
    syncScope,
    scheduler,
    parkingOuDn: settings.parkingOuDn,
    gatheredAt: clock.now().toISOString(),
    relayStatus,
    newUserOuDn,
    ...(adCollisions === undefined ? {} : { adCollisions }),
  };
};
