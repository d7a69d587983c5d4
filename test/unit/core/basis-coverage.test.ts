// Preflight re-runs the blocking checks, and the approval binds to the plan basis: the basis must change
// whenever a fact changes some check's block verdict. See test/support/basis-coverage.ts.
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../core/checks.ts';
import type { Job } from '../../../core/jobs/job-types.ts';
import { buildPlan } from '../../../core/playbooks/index.ts';
import { basisCoverage, blockVerdicts, type NamedFacts } from '../../support/basis-coverage.ts';
import { linkedTo, succeededJob } from '../../fixtures/jobs.ts';
import * as S from '../../fixtures/scenarios.ts';

/** A succeeded, verified hard match of Jane: what the undo playbooks' checks are judged on. */
const linkJob = (): Job => {
  const facts = S.simpleHardMatch();
  return succeededJob(buildPlan(facts, runChecks(facts)), {
    verified: linkedTo(S.CLOUD_JANE_ID, S.JANE_IMMUTABLE_ID),
  });
};

export const FIXTURE_SCENARIOS: readonly NamedFacts[] = Object.entries({
  simpleHardMatch: S.simpleHardMatch(),
  syncedDuplicate: S.syncedDuplicate(),
  syncedDuplicateNoParking: S.syncedDuplicate({ parkingOuDn: null }),
  deletedHolder: S.deletedHolder(),
  createAdUser: S.createAdUser(),
  createAdUserNoOu: S.createAdUser({ newUserOuDn: null }),
  alreadyLinked: S.alreadyLinked(),
  activeCloudOnlyHolder: S.activeCloudOnlyHolder(),
  federatedUpn: S.federatedUpn(),
  adminRole: S.adminRole(),
  objectIdentifierSet: S.objectIdentifierSet(),
  takeoverBlock: S.takeoverBlock(),
  stagingMode: S.stagingMode(),
  outOfScope: S.outOfScope(),
  relayDown: S.relayDown(),
  // Lists that are empty in the stories above get a member here, so their members' facts are mutated too.
  createAdUserCollision: S.createAdUser({ adCollisions: [S.adUser({ dn: `CN=Jane Doe,${S.STAFF_OU}` })] }),
  foreignDeletedHolder: S.simpleHardMatch({
    cloud: S.context({
      holders: {
        active: [],
        deleted: [
          S.deletedHolderUser({ onPremisesDistinguishedName: 'CN=John Roe,OU=Staff,DC=corp,DC=example' }),
        ],
      },
    }),
  }),
  anchorMismatch: S.simpleHardMatch({
    cloud: S.context({
      softMatchCandidates: [S.syncedDuplicateUser({ onPremisesImmutableId: S.OTHER_IMMUTABLE_ID })],
    }),
  }),
  groupFiltered: S.simpleHardMatch({
    syncScope: S.syncScope({ groupFilteringGroupDn: 'CN=Sync,DC=corp,DC=example' }),
  }),
}).map(([name, facts]) => ({ name, facts }));

describe('the plan basis covers every fact a blocking check reads', () => {
  it('no one-leaf change of any fixture scenario changes a block verdict without changing the basis', () => {
    const report = basisCoverage(FIXTURE_SCENARIOS, linkJob());
    expect(report.gaps).toEqual([]);
    // The property is exercised: many mutations do change what blocks.
    expect(report.verdictChanges).toBeGreaterThan(100);
  });

  it('the verdicts it compares are real: a synced duplicate without a parking OU blocks, with one it does not', () => {
    const job = linkJob();
    expect(blockVerdicts(S.syncedDuplicate({ parkingOuDn: null }), job)).toContain(
      'synced-duplicate:config.parking-ou',
    );
    expect(blockVerdicts(S.syncedDuplicate(), job)).not.toContain('synced-duplicate:config.parking-ou');
  });
});
