// The checks on the holders of the ImmutableID (active and soft-deleted) and the parking OU they need,
// one case per situation.
import { describe, expect, it } from 'vitest';
import * as S from '../../fixtures/scenarios.ts';
import { result, severity } from './check-result.ts';

describe('holders of the ImmutableID', () => {
  it('none: both holder checks pass', () => {
    expect(severity(S.simpleHardMatch(), 'holder.active')).toBe('pass');
    expect(severity(S.simpleHardMatch(), 'holder.deleted')).toBe('pass');
  });

  it('deleted holder: warn that the permanent delete is irreversible', () => {
    const r = result(S.deletedHolder(), 'holder.deleted')!;
    expect(r.severity).toBe('warn');
    expect(r.explanation).toContain('cannot be undone');
    expect(r.explanation).toContain('jane.doe.old@contoso.com (deleted 2026-11-01T10:00:00Z)');
  });

  it('deleted holder synced from another AD account: block (shared anchor)', () => {
    const facts = S.simpleHardMatch({
      cloud: S.context({
        holders: {
          active: [],
          deleted: [
            S.deletedHolderUser({
              onPremisesDistinguishedName: 'CN=John Roe,OU=Staff,DC=corp,DC=example',
              onPremisesSamAccountName: 'jroe',
            }),
          ],
        },
      }),
    });
    const r = result(facts, 'holder.deleted')!;
    expect(r.severity).toBe('block');
    expect(r.explanation).toContain('(CN=John Roe,OU=Staff,DC=corp,DC=example)');
  });

  it('deleted holder that was this AD account: warn', () => {
    const facts = S.deletedHolder({
      cloud: S.context({
        holders: { active: [], deleted: [S.deletedHolderUser({ onPremisesDistinguishedName: S.JANE_DN })] },
      }),
    });
    expect(severity(facts, 'holder.deleted')).toBe('warn');
  });

  it('synced duplicate (guide 000): warn, and no active-holder block', () => {
    const r = result(S.syncedDuplicate(), 'holder.synced-duplicate')!;
    expect(r.severity).toBe('warn');
    expect((r.data['duplicate'] as { id: string }).id).toBe(S.DUPLICATE_ID);
    expect(result(S.syncedDuplicate(), 'holder.active')).toBeUndefined();
  });

  it('synced duplicate found by sAMAccountName after the AD user moved', () => {
    const facts = S.simpleHardMatch({
      cloud: S.context({
        holders: {
          active: [
            S.syncedDuplicateUser({ onPremisesDistinguishedName: 'CN=Jane Doe,OU=Old,DC=corp,DC=example' }),
          ],
          deleted: [],
        },
      }),
    });
    expect(severity(facts, 'holder.synced-duplicate')).toBe('warn');
  });

  it('synced holder from a different AD account: block (shared anchor)', () => {
    const other = S.syncedDuplicateUser({
      onPremisesDistinguishedName: 'CN=John Roe,OU=Staff,DC=corp,DC=example',
      onPremisesSamAccountName: 'jroe',
    });
    const facts = S.simpleHardMatch({ cloud: S.context({ holders: { active: [other], deleted: [] } }) });
    expect(severity(facts, 'holder.active')).toBe('block');
    expect(severity(facts, 'holder.synced-duplicate')).toBeUndefined();
  });

  it('two synced copies: block', () => {
    const facts = S.simpleHardMatch({
      cloud: S.context({
        holders: {
          active: [S.syncedDuplicateUser(), S.syncedDuplicateUser({ id: S.OTHER_ID })],
          deleted: [],
        },
      }),
    });
    expect(severity(facts, 'holder.synced-duplicate')).toBe('block');
  });

  it('a synced user named after this AD user with another ImmutableID: wrong source anchor, block', () => {
    const dup = S.syncedDuplicateUser({ onPremisesImmutableId: S.OTHER_IMMUTABLE_ID });
    const facts = S.simpleHardMatch({ cloud: S.context({ softMatchCandidates: [dup] }) });
    const r = result(facts, 'holder.synced-duplicate')!;
    expect(r.severity).toBe('block');
    expect(r.explanation).toContain('HM_SOURCE_ANCHOR');
  });

  it('parking OU missing, inside the scope, or fine', () => {
    expect(result(S.syncedDuplicate({ parkingOuDn: null }), 'config.parking-ou')?.data).toEqual({
      setting: 'HM_PARKING_OU',
    });
    const synced = S.syncedDuplicate({ syncScope: S.syncScope({ exclusions: [] }) });
    expect(result(synced, 'config.parking-ou')?.title).toBe('Parking OU is synced');
    expect(severity(S.syncedDuplicate(), 'config.parking-ou')).toBe('pass');
    expect(severity(S.simpleHardMatch({ parkingOuDn: null }), 'config.parking-ou')).toBeUndefined();
  });
});
