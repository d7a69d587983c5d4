/**
 * A small tenant for dialog and bot tests, shaped like the published guides:
 * - guide 000: Jane Doe's AD account already synced as a second cloud user (the synced duplicate,
 *   jane.doe@contoso.onmicrosoft.com) while her original cloud-only mailbox user waits; a deleted user
 *   from an earlier attempt also holds her ImmutableID;
 * - a simple hard match (Bob Lee: AD user and a cloud-only user with the same UPN);
 * - a synced user with nothing to do (Carol King).
 */
import { createLogger, type Logger } from '../../config/logger.ts';
import type { GatherSettings } from '../../core/gather.ts';
import { guidToImmutableId } from '../../core/immutable-id.ts';
import type { Clock } from '../../core/ports.ts';
import { FakeRelay } from './fake-relay.ts';
import { MemoryCloud } from './memory-cloud.ts';
import { MemoryOnPrem } from './memory-on-prem.ts';
import { cloudUser, onPremUser } from './users.ts';

export const JANE_GUID = '1f0e9d8c-7b6a-4958-a7b6-c5d4e3f2a1b0';
export const BOB_GUID = '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
export const CAROL_GUID = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
export const JANE_CLOUD = '0a000000-0000-4000-8000-00000000000a';
export const JANE_DUPLICATE = '0b000000-0000-4000-8000-00000000000b';
export const JANE_DELETED = '0c000000-0000-4000-8000-00000000000c';
export const BOB_CLOUD = '0d000000-0000-4000-8000-00000000000d';
export const CAROL_CLOUD = '0e000000-0000-4000-8000-00000000000e';

/** The world's ports and settings, as the workflow takes them. */
export interface WorldDeps {
  readonly onPrem: MemoryOnPrem;
  readonly cloud: MemoryCloud;
  readonly relay: FakeRelay;
  readonly clock: Clock;
  readonly settings: GatherSettings;
  readonly log: Logger;
  readonly newId: () => string;
}

export interface World {
  readonly onPrem: MemoryOnPrem;
  readonly cloud: MemoryCloud;
  readonly relay: FakeRelay;
  readonly deps: WorldDeps;
}

export const createWorld = (): World => {
  const janeAnchor = guidToImmutableId(JANE_GUID);
  const onPrem = new MemoryOnPrem([
    onPremUser({
      samAccountName: 'jdoe',
      objectGuid: JANE_GUID,
      displayName: 'Jane Doe',
      userPrincipalName: 'jane.doe@contoso.com',
      mail: 'jane.doe@contoso.com',
      proxyAddresses: ['SMTP:jane.doe@contoso.com'],
    }),
    onPremUser({
      samAccountName: 'blee',
      objectGuid: BOB_GUID,
      displayName: 'Bob Lee',
      userPrincipalName: 'bob.lee@contoso.com',
      mail: 'bob.lee@contoso.com',
    }),
    onPremUser({
      samAccountName: 'cking',
      objectGuid: CAROL_GUID,
      displayName: 'Carol King',
      userPrincipalName: 'carol.king@contoso.com',
    }),
    onPremUser({
      samAccountName: 'Administrator',
      objectGuid: '4d5e6f70-8192-4a3b-8c4d-5e6f708192a3',
      displayName: 'Administrator',
      isCriticalSystemObject: true,
    }),
  ]);
  const cloud = new MemoryCloud(
    [
      cloudUser({ id: JANE_CLOUD, userPrincipalName: 'jane.doe@contoso.com', displayName: 'Jane Doe' }),
      cloudUser({
        id: JANE_DUPLICATE,
        userPrincipalName: 'jane.doe@contoso.onmicrosoft.com',
        displayName: 'Jane Doe',
        mail: null,
        proxyAddresses: [],
        onPremisesImmutableId: janeAnchor,
        onPremisesSyncEnabled: true,
        onPremisesLastSyncDateTime: '2026-11-22T00:30:00Z',
        onPremisesDistinguishedName: 'CN=jdoe,OU=Staff,DC=contoso,DC=com',
        onPremisesSamAccountName: 'jdoe',
        onPremisesProvisioningErrors: [
          {
            category: 'PropertyConflict',
            occurredDateTime: '2026-11-21T09:00:00Z',
            propertyCausingError: 'UserPrincipalName',
            value: 'jane.doe@contoso.com',
          },
        ],
      }),
      cloudUser({ id: BOB_CLOUD, userPrincipalName: 'bob.lee@contoso.com', displayName: 'Bob Lee' }),
      cloudUser({
        id: CAROL_CLOUD,
        userPrincipalName: 'carol.king@contoso.com',
        displayName: 'Carol King',
        onPremisesImmutableId: guidToImmutableId(CAROL_GUID),
        onPremisesSyncEnabled: true,
        onPremisesLastSyncDateTime: '2026-11-22T00:30:00Z',
      }),
    ],
    [
      cloudUser({
        id: JANE_DELETED,
        userPrincipalName: '0c000000000040008000000000000000jane.doe@contoso.com',
        displayName: 'Jane Doe (old)',
        onPremisesImmutableId: janeAnchor,
        onPremisesSyncEnabled: true,
        deletedDateTime: '2026-10-01T12:00:00Z',
      }),
    ],
  );
  const relay = new FakeRelay();
  let n = 0;
  const deps: WorldDeps = {
    onPrem,
    cloud,
    relay,
    clock: { now: () => new Date('2026-11-22T01:15:00Z') },
    settings: { sourceAnchor: 'objectGUID', parkingOuDn: 'OU=NoSync,DC=contoso,DC=com' },
    log: createLogger({ level: 'silent' }),
    newId: () => `s${++n}`,
  };
  return { onPrem, cloud, relay, deps };
};
