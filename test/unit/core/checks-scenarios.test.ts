import { describe, expect, it } from 'vitest';
import { assessMatch } from '../../../core/assess.ts';
import { runChecks, type CheckId } from '../../../core/checks.ts';
import type { MatchFacts } from '../../../core/facts.ts';
import * as S from '../../fixtures/scenarios.ts';

const ids = (facts: MatchFacts, severity: 'block' | 'warn'): CheckId[] =>
  runChecks(facts)
    .filter((c) => c.severity === severity)
    .map((c) => c.id);

// Each guide story and each conflict: exactly which checks block and warn, and which playbook results.
describe.each<[string, () => MatchFacts, CheckId[], CheckId[], string | null, boolean]>([
  ['003/004 simple hard match', () => S.simpleHardMatch(), [], [], 'hard-match', true],
  [
    '000 cloud-only mailbox + synced duplicate',
    () => S.syncedDuplicate(),
    [],
    ['holder.synced-duplicate'],
    'synced-duplicate',
    true,
  ],
  [
    '000 without a parking OU',
    () => S.syncedDuplicate({ parkingOuDn: null }),
    ['config.parking-ou'],
    ['holder.synced-duplicate'],
    'synced-duplicate',
    false,
  ],
  ['002 deleted holder', () => S.deletedHolder(), [], ['holder.deleted'], 'deleted-holder', true],
  [
    '001 cloud user without AD account',
    () => S.createAdUser(),
    [],
    ['create.password'],
    'create-ad-account',
    true,
  ],
  ['already linked', () => S.alreadyLinked(), [], [], null, false],
  ['active cloud-only holder', () => S.activeCloudOnlyHolder(), ['holder.active'], [], 'hard-match', false],
  ['federated UPN', () => S.federatedUpn(), [], ['cloud.federated-upn'], 'hard-match', true],
  ['admin role', () => S.adminRole(), ['cloud.privileged-role'], [], 'hard-match', false],
  [
    'onPremisesObjectIdentifier set',
    () => S.objectIdentifierSet(),
    ['cloud.object-identifier'],
    [],
    'hard-match',
    false,
  ],
  ['takeover block', () => S.takeoverBlock(), ['tenant.takeover-block'], [], 'hard-match', false],
  ['staging mode', () => S.stagingMode(), ['relay.staging-mode'], [], 'hard-match', false],
  ['out of scope', () => S.outOfScope(), ['ad.sync-scope'], [], 'hard-match', false],
  // Nothing read through the relay is taken for a pass: scope and staging mode warn with what to verify.
  [
    'relay down',
    () => S.relayDown(),
    [],
    ['ad.sync-scope', 'relay.reachable', 'relay.staging-mode'],
    'hard-match',
    true,
  ],
])('%s', (_name, make, blocks, warns, playbook, canRequest) => {
  it('blocks and warns exactly as expected', () => {
    expect(ids(make(), 'block')).toEqual(blocks);
    expect(ids(make(), 'warn')).toEqual(warns);
  });
  it(`uses playbook ${String(playbook)}; canRequest ${String(canRequest)}`, () => {
    const a = assessMatch(make());
    expect(a.plan.playbook).toBe(playbook);
    expect(a.canRequest).toBe(canRequest);
    expect(a.plan.blockedBy).toEqual(blocks);
  });
});

describe('ordering', () => {
  it('lists blocks first, then warnings, then passes, each in CHECK_IDS order', () => {
    const facts = S.withCloud(
      S.syncedDuplicate({ parkingOuDn: null, adUser: S.adUser({ enabled: false }) }),
      {
        roles: [S.GLOBAL_ADMIN],
      },
    );
    const severities = runChecks(facts).map((c) => c.severity);
    expect(severities.indexOf('warn')).toBeGreaterThan(severities.lastIndexOf('block'));
    expect(severities.indexOf('pass')).toBeGreaterThan(severities.lastIndexOf('warn'));
    expect(runChecks(facts).map((c) => `${c.severity}:${c.id}`)).toEqual([
      'block:cloud.privileged-role',
      'block:config.parking-ou',
      'warn:ad.disabled',
      'warn:holder.synced-duplicate',
      'pass:ad.anchor',
      'pass:ad.sync-scope',
      'pass:cloud.object-identifier',
      'pass:holder.deleted',
      'pass:tenant.takeover-block',
      'pass:tenant.features',
      'pass:relay.reachable',
      'pass:relay.staging-mode',
      'pass:match.soft-match',
      'pass:match.attributes',
    ]);
  });
  it('every result has a title, a helpdesk explanation and JSON-safe data', () => {
    for (const make of [S.simpleHardMatch, S.syncedDuplicate, S.deletedHolder, S.createAdUser, S.adminRole]) {
      for (const c of runChecks(make())) {
        expect(c.title.length).toBeGreaterThan(3);
        expect(c.explanation.length).toBeGreaterThan(30);
        expect(JSON.parse(JSON.stringify(c.data))).toEqual(c.data);
      }
    }
  });
});
