/**
 * gatherMatchFacts is the one core function that talks to ports. The AD side is the real in-memory
 * directory (sandbox/memory-directory.ts, which passes the LDAP contract suite); the cloud and relay sides
 * are plain objects returning fixed fixture values and recording what gather asked - no module mocking.
 */
import { describe, expect, it } from 'vitest';
import { assessMatch } from '../../../core/assess.ts';
import { DomainError } from '../../../core/errors.ts';
import { gatherMatchFacts, type GatherPorts } from '../../../core/gather.ts';
import type { CloudUser, SchedulerStatus, SyncScope } from '../../../core/models.ts';
import type { CloudDirectory, CloudMatchContext, SyncRelay } from '../../../core/ports.ts';
import { MemoryDirectory } from '../../../sandbox/memory-directory.ts';
import * as S from '../../fixtures/scenarios.ts';

const BASE = 'DC=corp,DC=example';

const directory = (): MemoryDirectory => {
  const ad = new MemoryDirectory({ baseDn: BASE });
  ad.seed({
    ous: [S.STAFF_OU, S.PARKING_OU],
    users: [{ ...S.adUser(), consistencyGuid: S.OTHER_IMMUTABLE_ID }],
  });
  return ad;
};

interface CloudCalls {
  matchContext: unknown[][];
  getUser: string[];
}

const cloudPort = (context: CloudMatchContext, calls: CloudCalls, users: CloudUser[] = [context.cloudUser]) =>
  ({
    getMatchContext(...args: unknown[]) {
      calls.matchContext.push(args);
      const key = String(args[0]);
      if (key !== context.cloudUser.id && key !== context.cloudUser.userPrincipalName)
        return Promise.reject(new DomainError('CLOUD.NOT_FOUND', `No cloud user '${key}' exists.`));
      return Promise.resolve(context);
    },
    getUser(idOrUpn: string) {
      calls.getUser.push(idOrUpn);
      return Promise.resolve(users.find((u) => u.id === idOrUpn || u.userPrincipalName === idOrUpn) ?? null);
    },
    listDomains: () => Promise.resolve(context.domains),
    getSyncFeatures: () => Promise.resolve(context.features),
  }) as unknown as CloudDirectory;

const relayPort = (scheduler: SchedulerStatus | Error, scope: SyncScope): SyncRelay =>
  ({
    getSchedulerStatus: () =>
      scheduler instanceof Error ? Promise.reject(scheduler) : Promise.resolve(scheduler),
    getSyncScope: () => Promise.resolve(scope),
  }) as unknown as SyncRelay;

const clock = { now: () => new Date('2026-11-22T01:05:00.000Z') };
const settings = { sourceAnchor: 'objectGUID' as const, parkingOuDn: S.PARKING_OU, newUserOuDn: S.STAFF_OU };
const input = {
  adUser: { kind: 'sam' as const, value: 'jdoe' },
  cloudUser: 'jane.doe@contoso.com',
  requestId: 'req-7',
};

const ports = (o: Partial<GatherPorts> & { calls?: CloudCalls } = {}): GatherPorts => ({
  onPrem: directory(),
  cloud: cloudPort(S.context(), o.calls ?? { matchContext: [], getUser: [] }),
  relay: relayPort(S.scheduler(), S.syncScope()),
  clock,
  ...o,
});

describe('gatherMatchFacts', () => {
  it('reads the AD user, its anchor, the cloud context and the relay', async () => {
    const calls: CloudCalls = { matchContext: [], getUser: [] };
    const facts = await gatherMatchFacts(ports({ cloud: cloudPort(S.context(), calls) }), settings, input);
    expect(facts.adUser?.dn).toBe(S.JANE_DN);
    expect(facts.immutableId).toBe(S.JANE_IMMUTABLE_ID);
    expect(calls.matchContext).toEqual([
      [
        'jane.doe@contoso.com',
        S.JANE_IMMUTABLE_ID,
        { userPrincipalName: 'jane.doe@contoso.com', primarySmtp: 'jane.doe@contoso.com' },
      ],
    ]);
    expect(facts).toMatchObject({
      sourceAnchor: 'objectGUID',
      syncScope: S.syncScope(),
      scheduler: S.scheduler(),
      parkingOuDn: S.PARKING_OU,
      newUserOuDn: S.STAFF_OU,
      gatheredAt: '2026-11-22T01:05:00.000Z',
      relayStatus: { kind: 'ok' },
    });
    expect(facts).not.toHaveProperty('adCollisions');
    expect(assessMatch(facts).plan.playbook).toBe('hard-match');
  });

  it('uses mS-DS-ConsistencyGuid when the tenant anchors on it and it is set', async () => {
    const facts = await gatherMatchFacts(
      ports(),
      { ...settings, sourceAnchor: 'mS-DS-ConsistencyGuid' },
      input,
    );
    expect(facts.immutableId).toBe(S.OTHER_IMMUTABLE_ID);
  });

  it('without a relay: scope and scheduler unknown, status not-configured', async () => {
    const facts = await gatherMatchFacts(ports({ relay: null }), settings, input);
    expect(facts).toMatchObject({
      syncScope: null,
      scheduler: null,
      relayStatus: { kind: 'not-configured' },
    });
  });

  it.each<[string, Error, { code: string; message: string }]>([
    [
      'a relay domain error keeps its code and message',
      new DomainError('RELAY.UNAVAILABLE', 'The relay agent did not answer.'),
      { code: 'RELAY.UNAVAILABLE', message: 'The relay agent did not answer.' },
    ],
    [
      'an unexpected error is not shown raw',
      new Error('socket hang up at 10.0.0.5:443'),
      { code: 'RELAY.FAILED', message: 'the relay agent gave an unexpected error' },
    ],
  ])('%s', async (_n, error, expected) => {
    const facts = await gatherMatchFacts(ports({ relay: relayPort(error, S.syncScope()) }), settings, input);
    expect(facts).toMatchObject({
      syncScope: null,
      scheduler: null,
      relayStatus: { kind: 'failed', ...expected },
    });
    expect(assessMatch(facts).checks.find((c) => c.id === 'relay.reachable')?.severity).toBe('warn');
  });

  it('an unknown AD user is AD.NO_SUCH_OBJECT', async () => {
    await expect(
      gatherMatchFacts(ports(), settings, { ...input, adUser: { kind: 'sam', value: 'nobody' } }),
    ).rejects.toMatchObject({
      code: 'AD.NO_SUCH_OBJECT',
      message: "No AD user found for sam 'nobody'.",
    });
  });

  it('no AD user (create the AD account): no AD user, cloud context read without an anchor, AD collisions looked up', async () => {
    const calls: CloudCalls = { matchContext: [], getUser: [] };
    const facts = await gatherMatchFacts(
      ports({ cloud: cloudPort(S.context({ roles: [S.GLOBAL_ADMIN] }), calls) }),
      settings,
      { ...input, adUser: null },
    );
    // One cloud read without an anchor: no holders or soft-match candidates to look up.
    expect(calls.matchContext).toEqual([
      ['jane.doe@contoso.com', null, { userPrincipalName: null, primarySmtp: null }],
    ]);
    expect(facts.adUser).toBeNull();
    expect(facts.immutableId).toBeNull();
    expect(facts.cloud.holders).toEqual({ active: [], deleted: [] });
    expect(facts.cloud.roles).toEqual([S.GLOBAL_ADMIN]);
    // Jane's AD account exists with the same UPN: creating another would collide.
    expect(facts.adCollisions?.map((u) => u.samAccountName)).toEqual(['jdoe']);
    expect(assessMatch(facts).plan.blockedBy).toEqual(['cloud.privileged-role', 'create.collision']);
  });

  it('creating the AD account with a UPN that yields no sAMAccountName still gathers, and the check blocks', async () => {
    const odd = S.cloudUser({ userPrincipalName: '"[]"@contoso.com' });
    const calls: CloudCalls = { matchContext: [], getUser: [] };
    const facts = await gatherMatchFacts(
      ports({ cloud: cloudPort(S.context({ cloudUser: odd }), calls) }),
      settings,
      {
        ...input,
        adUser: null,
        cloudUser: odd.id,
      },
    );
    expect(facts.adCollisions).toEqual([]);
    expect(assessMatch(facts).plan.blockedBy).toEqual(['create.collision']);
  });

  it('creating the AD account for an unknown cloud user is CLOUD.NOT_FOUND', async () => {
    await expect(
      gatherMatchFacts(ports(), settings, { ...input, adUser: null, cloudUser: 'ghost@contoso.com' }),
    ).rejects.toMatchObject({ code: 'CLOUD.NOT_FOUND' });
  });
});
